package org.telenovela.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The symbols a model reads and writes: a fixed character set (newline, printable ASCII, the Spanish letters and
 * punctuation of the genre) and, for a subword model, the pieces learned from the corpus by byte-pair merges
 * (see {@link SubwordLearner}). The character set is explicit, not learned, so that the base model and every
 * fine-tune agree index for index; the merges are learned once, by the base, and saved inside each model file.
 *
 * <p>Text is cut into chunks before merging, so that no piece crosses a chunk: a line's control code
 * ({@code beat|} and {@code SPEAKER: }) is two chunks of its own, and the text after it is cut into words (a
 * letter run, with the space before it), runs of other visible characters (with the space before them), and
 * single whitespace characters; a newline is always a chunk of its own. A piece is therefore either part of the
 * control code, or a word or part of one, or punctuation: decoding can be held to known words (see
 * {@link KnownWords}).
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

    /** One learned merge: two adjacent pieces that become one. */
    public record Merge(String left, String right) {
        public String piece() {
            return left + right;
        }

        // written out: a record's generated equals is bootstrapped on its first call, which cost 25 ms of a cold
        // start when a scene checks that its models share one vocabulary
        @Override
        public boolean equals(Object o) {
            return o instanceof Merge m && left.equals(m.left) && right.equals(m.right);
        }

        @Override
        public int hashCode() {
            return left.hashCode() * 31 + right.hashCode();
        }
    }

    private final String symbols;
    private final List<Merge> merges;
    private final String[] pieces;
    private final boolean[] control;
    private final int[] index; // by char value, -1 where absent
    private final Map<String, Integer> pieceIndex = new HashMap<>();
    private final Map<Long, Integer> rank = new HashMap<>(); // (left id, right id) -> merge rank
    private final Map<String, int[]> chunkCache = new ConcurrentHashMap<>();

    private Vocabulary(String symbols, List<Merge> merges) {
        this.symbols = symbols;
        this.merges = List.copyOf(merges);
        int max = symbols.chars().max().orElse(0);
        this.index = new int[max + 1];
        Arrays.fill(index, -1);
        this.pieces = new String[symbols.length() + merges.size()];
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            if (index[c] != -1) {
                throw new IllegalArgumentException("duplicate symbol in vocabulary: " + c);
            }
            index[c] = i;
            pieces[i] = String.valueOf(c);
            pieceIndex.put(pieces[i], i);
        }
        if (index.length <= END_OF_LINE || index[END_OF_LINE] == -1) {
            throw new IllegalArgumentException("a vocabulary must contain the newline");
        }
        for (int m = 0; m < merges.size(); m++) {
            Merge merge = merges.get(m);
            Integer l = pieceIndex.get(merge.left());
            Integer r = pieceIndex.get(merge.right());
            if (l == null || r == null) {
                throw new IllegalArgumentException("merge " + (m + 1) + " joins a piece that no earlier merge made");
            }
            int id = symbols.length() + m;
            if (pieceIndex.putIfAbsent(merge.piece(), id) != null) {
                throw new IllegalArgumentException("merge " + (m + 1) + " repeats the piece '" + merge.piece() + "'");
            }
            pieces[id] = merge.piece();
            rank.put(pair(l, r), m);
        }
        this.control = new boolean[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            control[i] = p.indexOf(Beats.SEPARATOR) >= 0 || (p.length() > 2 && p.endsWith(": "));
        }
    }

    /** The character set alone: a character-level model. */
    public static Vocabulary standard() {
        return new Vocabulary(STANDARD, List.of());
    }

    /** Rebuilds a character vocabulary saved with {@link #symbols()}. */
    public static Vocabulary of(String symbols) {
        return new Vocabulary(symbols, List.of());
    }

    /** Rebuilds a vocabulary saved with {@link #symbols()} and {@link #merges()}. */
    public static Vocabulary of(String symbols, List<Merge> merges) {
        return new Vocabulary(symbols, merges == null ? List.of() : merges);
    }

    /** The character set, in index order (the first {@code symbols().length()} pieces). */
    public String symbols() {
        return symbols;
    }

    /** The learned merges in the order they apply; empty for a character-level vocabulary. */
    public List<Merge> merges() {
        return merges;
    }

    public boolean isSubword() {
        return !merges.isEmpty();
    }

    public int size() {
        return pieces.length;
    }

    public OptionalInt indexOf(char c) {
        return c < index.length && index[c] >= 0 ? OptionalInt.of(index[c]) : OptionalInt.empty();
    }

    /** The text of piece {@code i}: one character, or a learned run of them. */
    public String piece(int i) {
        return pieces[i];
    }

    /** Whether piece {@code i} belongs to a line's control code ({@code beat|} or {@code SPEAKER: }): never said. */
    public boolean isControl(int i) {
        return control[i];
    }

    public int endOfLine() {
        return index[END_OF_LINE];
    }

    /**
     * Encodes text, leaving out characters the vocabulary lacks and counting each of them, so the caller can
     * report them (training must never drop characters silently). Each piece remembers where it starts in
     * {@code text}.
     */
    public Encoded encode(CharSequence text) {
        StringBuilder kept = new StringBuilder(text.length());
        int[] origin = new int[text.length()];
        Map<Character, Integer> unknown = new TreeMap<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                continue; // CRLF files: the line end is the \n
            }
            if (indexOf(c).isPresent()) {
                origin[kept.length()] = i;
                kept.append(c);
            } else {
                unknown.merge(c, 1, Integer::sum);
            }
        }
        int[] ids = new int[kept.length()];
        int[] starts = new int[kept.length()];
        int n = 0;
        if (merges.isEmpty()) {
            for (int i = 0; i < kept.length(); i++) {
                ids[n] = index[kept.charAt(i)];
                starts[n++] = origin[i];
            }
        } else {
            for (int[] chunk : chunks(kept)) {
                int from = chunk[0];
                for (int id : encodeChunk(kept.substring(chunk[0], chunk[1]))) {
                    ids[n] = id;
                    starts[n++] = origin[from];
                    from += pieces[id].length();
                }
            }
        }
        return new Encoded(Arrays.copyOf(ids, n), Arrays.copyOf(starts, n), unknown);
    }

    public String decode(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(pieces[ids[i]]);
        }
        return sb.toString();
    }

    /** The pieces of one chunk, merged by rank (lowest first) until no learned merge applies. */
    private int[] encodeChunk(String chunk) {
        int[] cached = chunkCache.get(chunk);
        if (cached != null) {
            return cached;
        }
        int[] ids = new int[chunk.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index[chunk.charAt(i)];
        }
        int n = ids.length;
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            int at = -1;
            for (int i = 0; i + 1 < n; i++) {
                Integer r = rank.get(pair(ids[i], ids[i + 1]));
                if (r != null && r < best) {
                    best = r;
                    at = i;
                }
            }
            if (at < 0) {
                break;
            }
            ids[at] = symbols.length() + best;
            System.arraycopy(ids, at + 2, ids, at + 1, n - at - 2);
            n--;
        }
        int[] out = Arrays.copyOf(ids, n);
        chunkCache.put(chunk, out);
        return out;
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    /**
     * Cuts text into the chunks merges never cross, as {from, to} offsets: per line, the control code's
     * {@code beat|} and {@code SPEAKER: } (when the line has them), then words with their leading space, runs of
     * other visible characters with their leading space, and single whitespace characters.
     */
    static List<int[]> chunks(CharSequence s) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        boolean lineStart = true;
        while (i < n) {
            if (lineStart) {
                lineStart = false;
                int bar = -1;
                for (int j = i; j < n && j - i <= Beats.LONGEST_CODE && s.charAt(j) != '\n' && s.charAt(j) != ' '; j++) {
                    if (s.charAt(j) == Beats.SEPARATOR) {
                        bar = j;
                        break;
                    }
                }
                if (bar >= 0) {
                    out.add(new int[]{i, bar + 1});
                    i = bar + 1;
                    for (int j = i; j + 1 < n && s.charAt(j) != '\n'; j++) {
                        if (s.charAt(j) == ':' && s.charAt(j + 1) == ' ') {
                            out.add(new int[]{i, j + 2});
                            i = j + 2;
                            break;
                        }
                    }
                    continue;
                }
            }
            char c = s.charAt(i);
            int j = i + 1;
            if (c == '\n') {
                lineStart = true;
            } else if (c == ' ' && j < n && Character.isLetter(s.charAt(j))) {
                while (j < n && Character.isLetter(s.charAt(j))) {
                    j++;
                }
            } else if (Character.isLetter(c)) {
                while (j < n && Character.isLetter(s.charAt(j))) {
                    j++;
                }
            } else if (c == ' ' && j < n && visibleOther(s.charAt(j))) {
                while (j < n && visibleOther(s.charAt(j))) {
                    j++;
                }
            } else if (visibleOther(c)) {
                while (j < n && visibleOther(s.charAt(j))) {
                    j++;
                }
            }
            out.add(new int[]{i, j});
            i = j;
        }
        return out;
    }

    private static boolean visibleOther(char c) {
        return !Character.isLetter(c) && !Character.isWhitespace(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.symbols.equals(symbols) && v.merges.equals(merges);
    }

    @Override
    public int hashCode() {
        return symbols.hashCode() * 31 + merges.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + symbols.length() + " characters, " + merges.size() + " merges)";
    }

    /** Encoded text: the pieces, where each starts in the text, and the characters that were left out, with counts. */
    public record Encoded(int[] ids, int[] starts, Map<Character, Integer> unknown) {
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
