package org.telenovela.output;

import org.telenovela.scene.Episode;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.scene.SceneLog;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Renders a finished episode in one of the output formats, exactly as {@code run} streams it. */
public final class Renderer {
    public enum Format {
        FOUNTAIN("fountain"), JSON("json"), MARKDOWN("md");

        public final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public static Format parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    private Renderer() {
    }

    public static String render(Episode e, PlotTemplate plot, Format format) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        switch (format) {
            case JSON -> {
                try {
                    JsonWriter.write(e, out);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            case FOUNTAIN, MARKDOWN -> {
                SceneWriter w = writer(format, out);
                w.titlePage(e.title(), e.plotTitle(), e.seed());
                String beat = null;
                for (SceneLog.Entry l : e.result().lines()) {
                    if (!l.beat().equals(beat)) {
                        beat = l.beat();
                        w.beat(indexOf(plot, beat), plot.beat(beat));
                    }
                    w.line(l);
                }
                w.end(e.result().termination().name(), e.result().detail());
            }
        }
        out.flush();
        return text.toString();
    }

    /** The text writer for a format (not for JSON, which is written whole). */
    public static SceneWriter writer(Format format, PrintWriter out) {
        return format == Format.MARKDOWN ? new MarkdownWriter(out) : new FountainWriter(out);
    }

    private static int indexOf(PlotTemplate plot, String beat) {
        for (int i = 0; i < plot.beats().size(); i++) {
            if (plot.beats().get(i).id().equals(beat)) {
                return i;
            }
        }
        return -1;
    }
}
