package org.telenovela.judge;

import org.telenovela.corpus.Words;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word trigram model of the training split, the fluency judge: the perplexity it gives a line says how much the
 * line's word sequences look like the writing it was trained on. It is independent of the LSTMs (counts, not a
 * network) and of the director (which never sees it). Probabilities interpolate trigram, bigram and add-one unigram
 * estimates (weights 0.6, 0.3, 0.1); an order whose context was never seen gives its weight to the lower ones.
 */
final class WordTrigrams {
    private static final String START = "<s>";
    private static final String END = "</s>";
    private static final double[] WEIGHTS = {0.6, 0.3, 0.1};

    private final Map<String, Integer> unigrams = new HashMap<>();
    private final Map<String, Integer> bigrams = new HashMap<>();
    private final Map<String, Integer> trigrams = new HashMap<>();
    private final Map<String, Integer> bigramContexts = new HashMap<>();
    private final Map<String, Integer> trigramContexts = new HashMap<>();
    private long tokens;

    void add(String line) {
        List<String> w = padded(line);
        for (int i = 2; i < w.size(); i++) {
            unigrams.merge(w.get(i), 1, Integer::sum);
            tokens++;
            bigrams.merge(w.get(i - 1) + " " + w.get(i), 1, Integer::sum);
            bigramContexts.merge(w.get(i - 1), 1, Integer::sum);
            trigrams.merge(w.get(i - 2) + " " + w.get(i - 1) + " " + w.get(i), 1, Integer::sum);
            trigramContexts.merge(w.get(i - 2) + " " + w.get(i - 1), 1, Integer::sum);
        }
    }

    private static List<String> padded(String line) {
        List<String> w = new java.util.ArrayList<>();
        w.add(START);
        w.add(START);
        w.addAll(Words.of(line));
        w.add(END);
        return w;
    }

    /** Natural log-probability of each word of the line and its end, summed; and how many that is. */
    private double[] logProb(String line) {
        List<String> w = padded(line);
        double sum = 0;
        for (int i = 2; i < w.size(); i++) {
            String word = w.get(i);
            double unigram = (unigrams.getOrDefault(word, 0) + 1.0) / (tokens + unigrams.size() + 1.0);
            double p = 0;
            double left = 1;
            int tc = trigramContexts.getOrDefault(w.get(i - 2) + " " + w.get(i - 1), 0);
            if (tc > 0) {
                p += WEIGHTS[0] * trigrams.getOrDefault(w.get(i - 2) + " " + w.get(i - 1) + " " + word, 0) / (double) tc;
                left -= WEIGHTS[0];
            }
            int bc = bigramContexts.getOrDefault(w.get(i - 1), 0);
            if (bc > 0) {
                double share = left * WEIGHTS[1] / (WEIGHTS[1] + WEIGHTS[2]);
                p += share * bigrams.getOrDefault(w.get(i - 1) + " " + word, 0) / (double) bc;
                left -= share;
            }
            p += left * unigram;
            sum += Math.log(p);
        }
        return new double[]{sum, w.size() - 2};
    }

    /** Perplexity per word (line ends included) over the lines; lower reads more like the training text. */
    double perplexity(List<String> lines) {
        double sum = 0;
        double n = 0;
        for (String l : lines) {
            double[] lp = logProb(l);
            sum += lp[0];
            n += lp[1];
        }
        return n == 0 ? Double.NaN : Math.exp(-sum / n);
    }
}
