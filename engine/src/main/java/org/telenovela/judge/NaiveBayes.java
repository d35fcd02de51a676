package org.telenovela.judge;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A multinomial naive Bayes text classifier over words and character 2-4-grams, with add-one smoothing. It is
 * the independent judge: trained on real corpus lines only, never on model output, and sharing nothing with
 * the LSTMs or the director's scorer.
 */
public final class NaiveBayes {
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Map<String, Integer> totals = new HashMap<>();
    private final Map<String, Integer> docs = new TreeMap<>();
    private final Map<String, Boolean> vocabulary = new HashMap<>();
    private int allDocs;

    public void add(String label, String text) {
        Map<String, Integer> c = counts.computeIfAbsent(label, k -> new HashMap<>());
        for (String f : features(text)) {
            c.merge(f, 1, Integer::sum);
            totals.merge(label, 1, Integer::sum);
            vocabulary.put(f, Boolean.TRUE);
        }
        docs.merge(label, 1, Integer::sum);
        allDocs++;
    }

    public Collection<String> labels() {
        return docs.keySet();
    }

    /** The likeliest label among {@code allowed} (all labels when null). */
    public String classify(String text, Collection<String> allowed) {
        List<String> fs = features(text);
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int v = vocabulary.size();
        for (String label : docs.keySet()) {
            if (allowed != null && !allowed.contains(label)) {
                continue;
            }
            Map<String, Integer> c = counts.get(label);
            double denominator = Math.log(totals.getOrDefault(label, 0) + v + 1.0);
            double score = Math.log(docs.get(label) / (double) allDocs);
            for (String f : fs) {
                score += Math.log(c.getOrDefault(f, 0) + 1.0) - denominator;
            }
            if (score > bestScore) {
                bestScore = score;
                best = label;
            }
        }
        return best;
    }

    static List<String> features(String text) {
        String t = " " + text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip() + " ";
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String w : t.split("[^\\p{L}]+")) {
            if (!w.isEmpty()) {
                out.add("w:" + w);
            }
        }
        for (int n = 2; n <= 4; n++) {
            for (int i = 0; i + n <= t.length(); i++) {
                out.add(t.substring(i, i + n));
            }
        }
        return out;
    }
}
