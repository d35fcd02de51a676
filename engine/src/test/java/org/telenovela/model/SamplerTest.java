package org.telenovela.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    private static final float[] PROBS = {0.5f, 0.3f, 0.15f, 0.05f};

    @Test
    void topKOfOneAlwaysPicksTheLikeliestSymbol() {
        Sampler s = new Sampler(new SamplingSettings(1.0, 1, 1.0, 10, 1), 4);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            assertEquals(0, s.draw(PROBS, r));
        }
    }

    @Test
    void topPLeavesOutTheTail() {
        Sampler s = new Sampler(new SamplingSettings(1.0, 0, 0.75, 10, 1), 4);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            int k = s.draw(PROBS, r);
            assertNotEquals(2, k);
            assertNotEquals(3, k);
        }
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        Sampler s = new Sampler(new SamplingSettings(0.8, 0, 0.95, 10, 1), 4);
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            assertEquals(s.draw(PROBS, a), s.draw(PROBS, b));
        }
    }

    @Test
    void theNucleusIsTheOneAFullSortGives() {
        SplittableRandom gen = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            int v = 2 + gen.nextInt(300);
            double topP = 0.5 + 0.5 * gen.nextDouble();
            double temperature = 0.3 + gen.nextDouble();
            float[] logProbs = new float[v];
            boolean[] allowed = new boolean[v];
            for (int i = 0; i < v; i++) {
                logProbs[i] = (float) (-12 * gen.nextDouble() * gen.nextDouble());
                allowed[i] = gen.nextInt(5) > 0;
            }
            allowed[gen.nextInt(v)] = true;
            Sampler s = new Sampler(new SamplingSettings(temperature, 0, topP, 10, 1), v);
            java.util.Set<Integer> nucleus = naiveNucleus(logProbs, allowed, temperature, topP);
            for (int d = 0; d < 30; d++) {
                int k = s.drawLog(logProbs, gen, allowed);
                assertTrue(nucleus.contains(k), "trial " + trial + ": " + k + " outside " + nucleus);
            }
        }
    }

    /** Every allowed symbol by weight, heaviest first (ties to the lower index), until the share reaches topP. */
    private static java.util.Set<Integer> naiveNucleus(float[] logProbs, boolean[] allowed, double t, double topP) {
        java.util.List<Integer> order = new java.util.ArrayList<>();
        double total = 0;
        for (int i = 0; i < logProbs.length; i++) {
            if (allowed[i]) {
                order.add(i);
                total += Math.exp(logProbs[i] / t);
            }
        }
        order.sort((a, b) -> logProbs[a] != logProbs[b] ? Float.compare(logProbs[b], logProbs[a]) : a - b);
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        double cumulative = 0;
        for (int i : order) {
            kept.add(i);
            cumulative += Math.exp(logProbs[i] / t) / total;
            if (cumulative >= topP - 1e-9) {
                break;
            }
        }
        return kept;
    }

    @Test
    void generationsExpIsAccurateAndHandlesTheEdges() {
        SplittableRandom gen = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double x = -700 + 1400 * gen.nextDouble();
            double want = StrictMath.exp(x);
            assertEquals(want, LstmInference.exp(x), want * 1e-10, "exp(" + x + ")");
        }
        for (double x : new double[]{0, -1e-300, 1e-300, -20, 20, 0.5 * Math.log(2), -0.5 * Math.log(2)}) {
            assertEquals(StrictMath.exp(x), LstmInference.exp(x), StrictMath.exp(x) * 1e-10, "exp(" + x + ")");
        }
        assertEquals(0.0, LstmInference.exp(-800));
        assertEquals(0.0, LstmInference.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, LstmInference.exp(800));
        assertEquals(Double.POSITIVE_INFINITY, LstmInference.exp(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(LstmInference.exp(Double.NaN)));
    }

    @Test
    void settingsRejectAbsurdValues() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(0, 0, 1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, -1, 1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 1.5, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(0, 10, 10, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(2, 10, 10, 0.1, 1, 0, 0, true), "carried state: one layer only");
    }
}
