package org.telenovela.output;

import org.telenovela.plot.PlotTemplate;
import org.telenovela.scene.SceneLog;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes a scene as Fountain 1.1 as it unfolds: a title page, then per beat a {@code #} section and a forced
 * scene heading, then dialogue blocks with the character cue (forced with {@code @} when a parser would not
 * recognise it), the parenthetical on its own line, and the dialogue.
 */
public final class FountainWriter implements SceneWriter {
    private static final Pattern PLAIN_CUE = Pattern.compile("[A-Z][A-Z0-9 .'-]*");

    private final PrintWriter out;

    public FountainWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void titlePage(String title, String plotTitle, long seed) {
        out.print("Title: " + title + "\n");
        out.print("Credit: Written by\n");
        out.print("Author: The Telenovela neural cast\n");
        out.print("Notes: Plot '" + plotTitle + "', seed " + seed + "\n");
        out.print("\n");
        out.flush();
    }

    @Override
    public void beat(int index, PlotTemplate.Beat beat) {
        if (index > 0) {
            out.print("CUT TO:\n\n"); // a transition between beats, as a screenplay would have it
        }
        out.print("# " + beat.id() + "\n\n");
        out.print("." + (index + 1) + " - " + beat.id().toUpperCase(Locale.ROOT).replace('-', ' ') + "\n\n");
        out.flush();
    }

    @Override
    public void line(SceneLog.Entry entry) {
        out.print(cue(entry.cue()) + "\n");
        Spoken s = Spoken.split(entry.text());
        if (!s.parenthetical().isEmpty()) {
            out.print(s.parenthetical() + "\n");
        }
        out.print(escape(s.dialogue()) + "\n\n");
        out.flush();
    }

    @Override
    public void end(String termination, String detail) {
        out.print("> THE END <\n\n");
        out.print("[[" + termination + ": " + detail.replace("]]", "] ]") + "]]\n");
        out.flush();
    }

    /** A cue that Fountain recognises on its own is left alone; any other is forced with {@code @}. */
    static String cue(String cue) {
        return PLAIN_CUE.matcher(cue).matches() && cue.chars().anyMatch(Character::isLetter) ? cue : "@" + cue;
    }

    /** Keeps model text from opening Fountain notes or boneyard comments. */
    static String escape(String dialogue) {
        return dialogue.replace("/*", "/ *").replace("*/", "* /").replace("[[", "[ [").replace("]]", "] ]");
    }

    /**
     * A line split into a leading parenthetical and the words said. A line that is only a parenthetical (a
     * silent reaction) is written with "..." as its dialogue, since Fountain needs dialogue under a cue.
     */
    record Spoken(String parenthetical, String dialogue) {
        static Spoken split(String text) {
            String t = text.strip();
            if (t.startsWith("(")) {
                int close = t.indexOf(')');
                if (close > 0) {
                    String rest = t.substring(close + 1).strip();
                    return new Spoken(t.substring(0, close + 1), rest.isEmpty() ? "..." : rest);
                }
            }
            return new Spoken("", t.isEmpty() ? "..." : t);
        }
    }
}
