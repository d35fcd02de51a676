package org.telenovela.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one symbol from a row of next-symbol log-probabilities with temperature, top-k and top-p. All randomness
 * comes from the generator passed in, so a seeded generator gives the same draws every time.
 *
 * <p>Cost per draw: one exp per allowed symbol (a symbol's weight at temperature T is exp((log p - max) / T)), one
 * pass to find the symbols top-p could keep, and a sort of those few. Measured with the shipped models this was
 * half of a sampled piece's time when weights were taken as exp(log(p) / T) from probabilities and the nucleus by
 * repeated maximum.
 */
public final class Sampler {
    private final SamplingSettings settings;
    private final double[] weights;
    private final Integer[] order;
    private final double[] keptWeights;

    public Sampler(SamplingSettings settings, int vocabularySize) {
        this.settings = settings;
        this.weights = new double[vocabularySize];
        this.keptWeights = new double[vocabularySize];
        this.order = new Integer[vocabularySize];
    }

    /** Draws from probabilities (for tests and callers that hold a distribution rather than its logarithm). */
    public int draw(float[] probs, SplittableRandom random) {
        float[] logProbs = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            logProbs[i] = probs[i] > 0 ? (float) StrictMath.log(probs[i]) : Float.NEGATIVE_INFINITY;
        }
        return drawLog(logProbs, random, null);
    }

    /**
     * Draws among the symbols {@code allowed} marks (null: all) from their log-probabilities; the others get no
     * weight before temperature, top-k and top-p apply. If none is allowed, -1.
     */
    public int drawLog(float[] logProbs, SplittableRandom random, boolean[] allowed) {
        int v = logProbs.length;
        int likeliest = -1;
        for (int i = 0; i < v; i++) {
            if ((allowed == null || allowed[i]) && logProbs[i] > Float.NEGATIVE_INFINITY
                    && (likeliest < 0 || logProbs[i] > logProbs[likeliest])) {
                likeliest = i;
            }
        }
        if (likeliest < 0) {
            return allowed == null || v == 0 ? -1 : firstAllowed(allowed);
        }
        double invT = 1.0 / settings.temperature();
        float max = logProbs[likeliest];
        double total = 0;
        for (int i = 0; i < v; i++) {
            double w = 0;
            if (allowed == null || allowed[i]) {
                double d = (logProbs[i] - max) * invT;
                if (d > LstmInference.NEGLIGIBLE) { // lighter than e^-20 of the likeliest: no weight, no exp
                    w = LstmInference.exp(d);
                }
            }
            weights[i] = w;
            total += w;
        }
        boolean filter = (settings.topK() > 0 && settings.topK() < v) || settings.topP() < 1;
        if (filter) {
            total = keepNucleus(v, total);
        }
        double u = random.nextDouble() * total;
        double acc = 0;
        int last = likeliest;
        for (int i = 0; i < v; i++) {
            if (weights[i] > 0) {
                acc += weights[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }

    private static int firstAllowed(boolean[] allowed) {
        for (int i = 0; i < allowed.length; i++) {
            if (allowed[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Zeroes every weight outside the top-k and the top-p nucleus (heaviest first, ties to the lower index);
     * returns the weight kept. Only symbols of weight at least (1 - p) / v of the total can be in the nucleus:
     * all lighter ones together weigh less than 1 - p, so the heavier ones reach p before any lighter one is
     * taken. Those few are sorted, not all v.
     */
    private double keepNucleus(int v, double total) {
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
        double floor = settings.topP() < 1 ? (1 - settings.topP()) * total / v : 0;
        int m = 0;
        for (int i = 0; i < v; i++) {
            if (weights[i] > 0 && weights[i] >= floor) {
                order[m++] = i;
            }
        }
        Arrays.sort(order, 0, m, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : a - b);
        double cumulative = 0;
        int kept = 0;
        while (kept < Math.min(keep, m)) {
            cumulative += weights[order[kept++]] / total;
            if (cumulative >= settings.topP()) {
                break;
            }
        }
        double keptTotal = 0;
        for (int r = 0; r < kept; r++) {
            keptWeights[r] = weights[order[r]];
        }
        Arrays.fill(weights, 0, v, 0);
        for (int r = 0; r < kept; r++) {
            weights[order[r]] = keptWeights[r];
            keptTotal += keptWeights[r];
        }
        return keptTotal;
    }
}
