package org.telenovela.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Draws one symbol from a probability row with temperature, top-k and top-p. All randomness comes from the
 * generator passed in, so a seeded generator gives the same draws every time.
 */
public final class Sampler {
    private final SamplingSettings settings;
    private final double[] weights;
    private final Integer[] order;

    private final boolean[] taken;

    public Sampler(SamplingSettings settings, int vocabularySize) {
        this.settings = settings;
        this.weights = new double[vocabularySize];
        this.order = new Integer[vocabularySize];
        this.taken = new boolean[vocabularySize];
    }

    /** Most draws keep a handful of symbols: picking them one maximum at a time beats sorting 1,600 pieces. */
    private static final int SELECT_LIMIT = 48;

    /**
     * Puts the symbols top-k and top-p keep into {@code order[0..kept)}, heaviest first, ties to the lower index
     * (the order {@link #selectBySorting} gives); -1 when more than {@link #SELECT_LIMIT} would be kept.
     */
    private int selectByRepeatedMax(int v, int keep, double total) {
        java.util.Arrays.fill(taken, false);
        double cumulative = 0;
        int kept = 0;
        while (kept < keep) {
            if (kept == SELECT_LIMIT) {
                return -1;
            }
            int best = -1;
            for (int i = 0; i < v; i++) {
                if (!taken[i] && (best < 0 || weights[i] > weights[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            order[kept++] = best;
            cumulative += weights[best] / total;
            if (cumulative >= settings.topP()) {
                break;
            }
        }
        return kept;
    }

    private int selectBySorting(int v, int keep, double total) {
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        // ties broken by index so the order never depends on the sort's stability
        Arrays.sort(order, 0, v, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : a - b);
        double cumulative = 0;
        int kept = 0;
        for (; kept < keep; kept++) {
            cumulative += weights[order[kept]] / total;
            if (cumulative >= settings.topP()) {
                kept++;
                break;
            }
        }
        return kept;
    }

    /** @param probs the model's distribution for the next symbol (sums to 1) */
    public int draw(float[] probs, SplittableRandom random) {
        return draw(probs, random, k -> true);
    }

    /**
     * Draws among the symbols {@code allowed} accepts only (the others get no weight before temperature, top-k and
     * top-p apply). If no allowed symbol has any weight left, the likeliest allowed one; if none is allowed, -1.
     */
    public int draw(float[] probs, SplittableRandom random, IntPredicate allowed) {
        int v = probs.length;
        double invT = 1.0 / settings.temperature();
        double total = 0;
        int likeliest = -1;
        for (int i = 0; i < v; i++) {
            if (!allowed.test(i)) {
                weights[i] = 0;
                continue;
            }
            if (likeliest < 0 || probs[i] > probs[likeliest]) {
                likeliest = i;
            }
            double w = probs[i] <= 0 ? 0 : StrictMath.exp(StrictMath.log(probs[i]) * invT);
            weights[i] = w;
            total += w;
        }
        if (!(total > 0)) {
            return likeliest;
        }
        boolean filter = (settings.topK() > 0 && settings.topK() < v) || settings.topP() < 1;
        if (filter) {
            int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
            int kept = selectByRepeatedMax(v, keep, total);
            if (kept < 0) {
                kept = selectBySorting(v, keep, total);
            }
            double keptTotal = 0;
            java.util.Arrays.fill(taken, false);
            for (int r = 0; r < kept; r++) {
                keptTotal += weights[order[r]];
                taken[order[r]] = true;
            }
            for (int i = 0; i < v; i++) {
                if (!taken[i]) {
                    weights[i] = 0;
                }
            }
            total = keptTotal;
        }
        double u = random.nextDouble() * total;
        double acc = 0;
        int last = 0;
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
}
