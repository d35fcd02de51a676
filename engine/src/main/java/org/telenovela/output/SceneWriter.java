package org.telenovela.output;

import org.telenovela.plot.PlotTemplate;
import org.telenovela.scene.SceneLog;

/** A text format a scene is written in as it unfolds: Fountain or Markdown. */
public interface SceneWriter {
    void titlePage(String title, String plotTitle, long seed);

    void beat(int index, PlotTemplate.Beat beat);

    void line(SceneLog.Entry entry);

    void end(String termination, String detail);
}
