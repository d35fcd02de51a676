package org.telenovela.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one symbol from a probability row with temperature, top-k and top-p. All randomness comes from the
 * generator passed in, so a seeded generator gives the same draws every time.
 */
public final class Sampler {
    private final SamplingSettings settings;
    private final double[] weights;
    private final Integer[] order;

    public Sampler(SamplingSettings settings, int vocabularySize) {
        this.settings = settings;
        this.weights = new double[vocabularySize];
        this.order = new Integer[vocabularySize];
    }

    /** @param probs the model's distribution for the next symbol (sums to 1) */
    public int draw(float[] probs, SplittableRandom random) {
        int v = probs.length;
        double invT = 1.0 / settings.temperature();
        double total = 0;
        for (int i = 0; i < v; i++) {
            double w = probs[i] <= 0 ? 0 : Math.exp(Math.log(probs[i]) * invT);
            weights[i] = w;
            total += w;
        }
        boolean filter = (settings.topK() > 0 && settings.topK() < v) || settings.topP() < 1;
        if (filter) {
            for (int i = 0; i < v; i++) {
                order[i] = i;
            }
            // ties broken by index so the order never depends on the sort's stability
            Arrays.sort(order, 0, v, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : a - b);
            int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
            double cumulative = 0;
            int kept = 0;
            for (; kept < keep; kept++) {
                cumulative += weights[order[kept]] / total;
                if (cumulative >= settings.topP()) {
                    kept++;
                    break;
                }
            }
            double keptTotal = 0;
            for (int r = 0; r < v; r++) {
                if (r >= kept) {
                    weights[order[r]] = 0;
                } else {
                    keptTotal += weights[order[r]];
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
