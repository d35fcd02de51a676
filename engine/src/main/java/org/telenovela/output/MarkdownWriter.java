package org.telenovela.output;

import org.telenovela.plot.PlotTemplate;
import org.telenovela.scene.SceneLog;

import java.io.PrintWriter;

/** Writes a scene as Markdown: a heading per beat, one paragraph per line. */
public final class MarkdownWriter implements SceneWriter {
    private final PrintWriter out;

    public MarkdownWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void titlePage(String title, String plotTitle, long seed) {
        out.print("# " + title + "\n\n*" + plotTitle + " — seed " + seed + "*\n\n");
        out.flush();
    }

    @Override
    public void beat(int index, PlotTemplate.Beat beat) {
        out.print("## " + (index + 1) + ". " + beat.id() + "\n\n");
        out.flush();
    }

    @Override
    public void line(SceneLog.Entry entry) {
        FountainWriter.Spoken s = FountainWriter.Spoken.split(entry.text());
        String paren = s.parenthetical().isEmpty() ? "" : " *" + s.parenthetical() + "*";
        out.print("**" + entry.cue() + "**" + paren + " " + s.dialogue().replace("*", "\\*") + "\n\n");
        out.flush();
    }

    @Override
    public void end(String termination, String detail) {
        out.print("---\n\n*" + termination + ": " + detail + "*\n");
        out.flush();
    }
}
