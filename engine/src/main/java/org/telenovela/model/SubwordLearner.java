package org.telenovela.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learns subword pieces from a corpus by byte-pair merges (Sennrich et al. 2016): start from single characters
 * and repeatedly join the most frequent adjacent pair, never across a chunk (see {@link Vocabulary}). Ties go to
 * the pair whose ids are lowest, so the same text always gives the same merges.
 */
public final class SubwordLearner {
    private SubwordLearner() {
    }

    /** Up to {@code count} merges over {@code texts}, on top of {@code characters}; stops early when no pair repeats. */
    public static Vocabulary learn(Vocabulary characters, List<String> texts, int count) {
        Map<String, Integer> frequency = new TreeMap<>();
        for (String text : texts) {
            Vocabulary.Encoded known = characters.encode(text);
            String kept = characters.decode(known.ids(), 0, known.ids().length);
            for (int[] c : Vocabulary.chunks(kept)) {
                frequency.merge(kept.substring(c[0], c[1]), 1, Integer::sum);
            }
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        frequency.forEach((chunk, n) -> {
            if (chunk.length() > 1) {
                words.add(characters.encode(chunk).ids());
                counts.add(n);
            }
        });
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < characters.size(); i++) {
            pieces.add(characters.piece(i));
        }
        List<Vocabulary.Merge> merges = new ArrayList<>();
        int[] lengths = new int[words.size()];
        for (int w = 0; w < words.size(); w++) {
            lengths[w] = words.get(w).length;
        }
        Map<String, Integer> made = new HashMap<>();
        pieces.forEach(p -> made.put(p, made.size()));
        while (merges.size() < count) {
            Map<Long, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] ids = words.get(w);
                long n = counts.get(w);
                for (int i = 0; i + 1 < lengths[w]; i++) {
                    pairs.merge(Vocabulary.pair(ids[i], ids[i + 1]), n, Long::sum);
                }
            }
            long bestPair = -1;
            long bestCount = 1;
            for (Map.Entry<Long, Long> e : pairs.entrySet()) {
                long n = e.getValue();
                if (n > bestCount || (n == bestCount && bestPair >= 0 && e.getKey() < bestPair)) {
                    bestCount = n;
                    bestPair = e.getKey();
                }
            }
            if (bestPair < 0) {
                break; // no pair occurs twice
            }
            int left = (int) (bestPair >>> 32);
            int right = (int) bestPair;
            String joined = pieces.get(left) + pieces.get(right);
            if (made.containsKey(joined)) {
                // the same text already exists as a piece (made from another split): never make it twice
                int existing = made.get(joined);
                replace(words, lengths, left, right, existing);
                continue;
            }
            int id = pieces.size();
            pieces.add(joined);
            made.put(joined, id);
            merges.add(new Vocabulary.Merge(pieces.get(left), pieces.get(right)));
            replace(words, lengths, left, right, id);
        }
        return Vocabulary.of(characters.symbols(), merges);
    }

    private static void replace(List<int[]> words, int[] lengths, int left, int right, int id) {
        for (int w = 0; w < words.size(); w++) {
            int[] ids = words.get(w);
            int n = lengths[w];
            int out = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && ids[i] == left && ids[i + 1] == right) {
                    ids[out++] = id;
                    i++;
                } else {
                    ids[out++] = ids[i];
                }
            }
            lengths[w] = out;
        }
    }
}
