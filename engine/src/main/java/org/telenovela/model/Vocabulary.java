package org.telenovela.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The fixed character set every model shares: newline, printable ASCII, and the Spanish letters and
 * punctuation of the genre. It is explicit (not learned from a corpus) so that the base model and every
 * fine-tune agree index for index, and it is saved inside each model file.
 */
public final class Vocabulary {
    /** Newline first: it ends every line, and sampling stops on it. */
    private static final String STANDARD;

    static {
        StringBuilder sb = new StringBuilder("\n");
        for (char c = 32; c < 127; c++) {
            sb.append(c);
        }
        sb.append("áéíóúüñÁÉÍÓÚÜÑ¿¡—–…«»“”‘’");
        STANDARD = sb.toString();
    }

    public static final char END_OF_LINE = '\n';

    private final String symbols;
    private final int[] index; // by char value, -1 where absent

    private Vocabulary(String symbols) {
        this.symbols = symbols;
        int max = symbols.chars().max().orElse(0);
        this.index = new int[max + 1];
        Arrays.fill(index, -1);
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            if (index[c] != -1) {
                throw new IllegalArgumentException("duplicate symbol in vocabulary: " + c);
            }
            index[c] = i;
        }
        if (index.length <= END_OF_LINE || index[END_OF_LINE] == -1) {
            throw new IllegalArgumentException("a vocabulary must contain the newline");
        }
    }

    public static Vocabulary standard() {
        return new Vocabulary(STANDARD);
    }

    /** Rebuilds a vocabulary saved with {@link #symbols()}. */
    public static Vocabulary of(String symbols) {
        return new Vocabulary(symbols);
    }

    public String symbols() {
        return symbols;
    }

    public int size() {
        return symbols.length();
    }

    public OptionalInt indexOf(char c) {
        return c < index.length && index[c] >= 0 ? OptionalInt.of(index[c]) : OptionalInt.empty();
    }

    public char symbol(int i) {
        return symbols.charAt(i);
    }

    public int endOfLine() {
        return index[END_OF_LINE];
    }

    /**
     * Encodes text, leaving out characters the vocabulary lacks and counting each of them, so the caller can
     * report them (training must never drop characters silently).
     */
    public Encoded encode(CharSequence text) {
        int[] out = new int[text.length()];
        int n = 0;
        Map<Character, Integer> unknown = new TreeMap<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                continue; // CRLF files: the line end is the \n
            }
            OptionalInt k = indexOf(c);
            if (k.isPresent()) {
                out[n++] = k.getAsInt();
            } else {
                unknown.merge(c, 1, Integer::sum);
            }
        }
        return new Encoded(Arrays.copyOf(out, n), unknown);
    }

    public String decode(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.append(symbols.charAt(ids[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.symbols.equals(symbols);
    }

    @Override
    public int hashCode() {
        return symbols.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " symbols)";
    }

    /** Encoded text plus the characters that were left out, with counts. */
    public record Encoded(int[] ids, Map<Character, Integer> unknown) {
        public int unknownCount() {
            return unknown.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** A readable summary such as {@code 3 × 'ß', 1 × '€'}, empty when nothing was left out. */
        public String unknownSummary() {
            Map<String, Integer> shown = new LinkedHashMap<>();
            unknown.forEach((c, n) -> shown.put(String.format("'%s' (U+%04X)", c, (int) c), n));
            StringBuilder sb = new StringBuilder();
            shown.forEach((c, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" × ").append(c));
            return sb.toString();
        }
    }
}
