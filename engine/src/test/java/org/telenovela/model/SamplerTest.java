package org.telenovela.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void settingsRejectAbsurdValues() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(0, 0, 1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, -1, 1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 1.5, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(0, 10, 10, 0.1, 1));
    }
}
