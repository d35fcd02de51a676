package org.telenovela.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Words as the project counts them: runs of letters (accented ones included), lower-cased. */
public final class Words {
    private Words() {
    }

    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Repeats are judged on letters alone: case, spacing and punctuation do not make a line new. */
    public static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
