package org.telenovela.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The beats a model was trained on, given to the LSTM as a second one-hot input at every step, beside the
 * character.
 *
 * <p>Why: the control code {@code beat|SPEAKER: } is read once at the start of a line, and a char-level LSTM
 * trained on 100-character windows (most of which start mid-line, where the code is out of sight) learns to
 * let it fade. With the beat as an input at every step, the line's last word is conditioned on the beat as
 * much as its first one. The beat input still comes from the text itself: a {@link Reader} reads the code
 * before the {@code |} of each line, so callers keep passing plain training text and prompts, and a beat the
 * model never saw (a user's new template, or the no-beat code of the ablation) is simply no beat input.
 */
public final class Beats {
    /** Separates the beat code from the speaker's cue at the start of a line. */
    public static final char SEPARATOR = '|';
    static final int LONGEST_CODE = 80;

    public static final Beats NONE = new Beats(List.of());

    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();

    private Beats(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            index.put(this.names.get(i), i);
        }
    }

    /**
     * The distinct beat codes among {@code codes}, sorted, leaving out {@code ignore} (the no-beat code) and any
     * code a line could not carry (empty, too long, or containing the separator or a line break).
     */
    public static Beats of(Collection<String> codes, String ignore) {
        TreeSet<String> kept = new TreeSet<>();
        for (String c : codes) {
            if (!c.isEmpty() && !c.equals(ignore) && c.length() <= LONGEST_CODE && c.indexOf(SEPARATOR) < 0
                    && c.indexOf('\n') < 0) {
                kept.add(c);
            }
        }
        return new Beats(List.copyOf(kept));
    }

    /** Rebuilds the beats saved with {@link #names()}, in the same order. */
    public static Beats saved(List<String> names) {
        Beats b = new Beats(names == null ? List.of() : names);
        if (b.index.size() != b.names.size()) {
            throw new IllegalArgumentException("duplicate beat in model: " + names);
        }
        return b;
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    /** The input index of a beat code, or -1 for a code the model was not trained on. */
    public int indexOf(String code) {
        return index.getOrDefault(code, -1);
    }

    /** Reads text from the start of a line. */
    public Reader reader() {
        return new Reader(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Beats b && b.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    /**
     * Which beat each character of a text belongs to, read one character at a time: none from a line's start up
     * to its separator, then the beat named before the separator, up to and including the line's newline.
     */
    public static final class Reader {
        private final Beats beats;
        private final StringBuilder code = new StringBuilder();
        private boolean inCode = true;
        private int beat = -1;

        private Reader(Beats beats) {
            this.beats = beats;
        }

        /** The beat input for character {@code c}, -1 for none; advances the reader past it. */
        public int next(char c) {
            if (inCode) {
                if (c == SEPARATOR) {
                    inCode = false;
                    beat = beats.indexOf(code.toString());
                    code.setLength(0);
                    return beat;
                }
                if (c == '\n') {
                    code.setLength(0);
                } else if (code.length() < LONGEST_CODE) {
                    code.append(c);
                }
                return -1;
            }
            int current = beat;
            if (c == '\n') {
                inCode = true;
                beat = -1;
            }
            return current;
        }

        /** The beat input for a piece: the reader's answer for its last character (see {@link #next(char)}). */
        public int next(String piece) {
            int b = -1;
            for (int i = 0; i < piece.length(); i++) {
                b = next(piece.charAt(i));
            }
            return b;
        }

        public Reader copy() {
            Reader r = new Reader(beats);
            r.code.append(code);
            r.inCode = inCode;
            r.beat = beat;
            return r;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reader r && r.beats == beats && r.inCode == inCode && r.beat == beat
                    && r.code.toString().contentEquals(code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(inCode, beat, code.toString());
        }
    }
}
