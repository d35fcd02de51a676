package org.telenovela.model;

import java.util.Arrays;
import java.util.Collection;

/**
 * The words a model was trained on, as a trie, so that decoding can only write those words: a piece is allowed
 * when every letter it adds keeps the word being written a prefix of a known word, and every non-letter it
 * writes ends a word only where a known word ends. Words are what {@link org.telenovela.corpus.Words} counts:
 * runs of letters, lower-cased.
 */
public final class KnownWords {
    /** The state outside any word (at a line's start, after a space or punctuation). */
    public static final int OUTSIDE = -1;
    /** What {@link #after} answers for a piece that would write an unknown word. */
    public static final int REFUSED = -2;

    // the trie's edges in an open-addressing table, (node, letter) -> child: this is asked thousands of times a step
    private long[] keys = new long[1 << 12];
    private int[] children = new int[1 << 12];
    private int edges;
    private boolean[] ends = new boolean[16];
    private int nodes = 1; // node 0 is the root
    // each node's children as a list (first child, next sibling, the letter into each node), so that a row of
    // allowed pieces visits the letters a node has instead of asking for every letter a piece can start with
    private int[] firstChild = new int[16];
    private int[] nextSibling = new int[16];
    private char[] letter = new char[16];

    public KnownWords(Collection<String> words) {
        Arrays.fill(keys, -1);
        Arrays.fill(firstChild, -1);
        for (String w : words) {
            int node = 0;
            for (int i = 0; i < w.length(); i++) {
                int child = child(node, w.charAt(i));
                if (child < 0) {
                    child = nodes++;
                    put(key(node, w.charAt(i)), child);
                    if (nodes > ends.length) {
                        int grown = ends.length * 2;
                        ends = Arrays.copyOf(ends, grown);
                        nextSibling = Arrays.copyOf(nextSibling, grown);
                        letter = Arrays.copyOf(letter, grown);
                        int old = firstChild.length;
                        firstChild = Arrays.copyOf(firstChild, grown);
                        Arrays.fill(firstChild, old, grown, -1);
                    }
                    letter[child] = w.charAt(i);
                    nextSibling[child] = firstChild[node];
                    firstChild[node] = child;
                }
                node = child;
            }
            ends[node] = true;
        }
    }

    private static long key(int node, char c) {
        return ((long) node << 16) | c;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & (keys.length - 1);
    }

    private int child(int node, char c) {
        long k = key(node, c);
        for (int i = slot(k); ; i = (i + 1) & (keys.length - 1)) {
            if (keys[i] == k) {
                return children[i];
            }
            if (keys[i] == -1) {
                return -1;
            }
        }
    }

    private void put(long k, int value) {
        if (2 * (edges + 1) > keys.length) {
            long[] oldKeys = keys;
            int[] oldChildren = children;
            keys = new long[oldKeys.length * 2];
            children = new int[oldKeys.length * 2];
            Arrays.fill(keys, -1);
            edges = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1) {
                    put(oldKeys[i], oldChildren[i]);
                }
            }
        }
        int i = slot(k);
        while (keys[i] != -1) {
            i = (i + 1) & (keys.length - 1);
        }
        keys[i] = k;
        children[i] = value;
        edges++;
    }

    /** The state after writing {@code piece} from {@code state}, or {@link #REFUSED}. */
    public int after(int state, String piece) {
        return after(state, piece, 0);
    }

    /** The state after writing {@code piece} from its character {@code from} on, or {@link #REFUSED}. */
    private int after(int state, String piece, int from) {
        for (int i = from; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (Character.isLetter(c)) {
                int child = child(state == OUTSIDE ? 0 : state, Character.toLowerCase(c));
                if (child < 0) {
                    return REFUSED;
                }
                state = child;
            } else {
                if (state != OUTSIDE && !ends[state]) {
                    return REFUSED;
                }
                state = OUTSIDE;
            }
        }
        return state;
    }

    /** This trie over a vocabulary's pieces, with what can be worked out once per piece worked out. */
    public Pieces over(Vocabulary vocabulary) {
        return new Pieces(vocabulary);
    }

    /**
     * A piece that starts with a non-letter ends any word in progress, and from there on does not depend on the
     * state: its result is computed once. Only pieces that continue a word are walked at every step, and those
     * are grouped by their first letter: a row of allowed pieces walks only the groups of the letters the current
     * node has children for.
     */
    public final class Pieces {
        private final Vocabulary vocabulary;
        private final boolean[] continues;
        private final int[] fromOutside;
        private final boolean[] allowedOutside;
        private final char[] groupLetter;   // the distinct first letters (lower-cased) of the pieces that continue a word
        private final int[][] groupPieces; // the pieces of each group

        private Pieces(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
            int v = vocabulary.size();
            continues = new boolean[v];
            fromOutside = new int[v];
            allowedOutside = new boolean[v];
            java.util.TreeMap<Character, java.util.List<Integer>> groups = new java.util.TreeMap<>();
            for (int k = 0; k < v; k++) {
                String p = vocabulary.piece(k);
                continues[k] = Character.isLetter(p.charAt(0));
                fromOutside[k] = KnownWords.this.after(OUTSIDE, p);
                allowedOutside[k] = fromOutside[k] != REFUSED;
                if (continues[k]) {
                    groups.computeIfAbsent(Character.toLowerCase(p.charAt(0)), c -> new java.util.ArrayList<>()).add(k);
                }
            }
            groupLetter = new char[groups.size()];
            groupPieces = new int[groups.size()][];
            int g = 0;
            for (var e : groups.entrySet()) {
                groupLetter[g] = e.getKey();
                groupPieces[g++] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            }
        }

        /** The state after piece {@code k} from {@code state}, or {@link #REFUSED}. */
        public int after(int state, int k) {
            if (state == OUTSIDE) {
                return fromOutside[k];
            }
            if (continues[k]) {
                return KnownWords.this.after(state, vocabulary.piece(k));
            }
            return ends[state] ? fromOutside[k] : REFUSED;
        }

        /** Marks in {@code out} every piece that {@link #after} would not refuse from {@code state}. */
        public void allowedAfter(int state, boolean[] out) {
            if (state == OUTSIDE) {
                System.arraycopy(allowedOutside, 0, out, 0, out.length);
                return;
            }
            boolean ending = ends[state];
            for (int k = 0; k < out.length; k++) {
                out[k] = ending && !continues[k] && allowedOutside[k];
            }
            for (int child = firstChild[state]; child >= 0; child = nextSibling[child]) {
                int g = Arrays.binarySearch(groupLetter, letter[child]);
                if (g < 0) {
                    continue;
                }
                for (int k : groupPieces[g]) {
                    out[k] = KnownWords.this.after(child, vocabulary.piece(k), 1) != REFUSED;
                }
            }
        }
    }
}
