package org.telenovela.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float16 conversions. (Checked once against Java 25's {@code Float.floatToFloat16} and {@code float16ToFloat}
 * over all 2^32 float bit patterns and all 2^16 halves: no difference but NaN payloads; this project runs on Java 17,
 * which has neither.)
 */
class Float16Test {
    @Test
    void everyHalfWidensExactlyAndNarrowsBackToItself() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))), "NaN " + h);
                continue;
            }
            assertEquals(h, Float16.fromFloat(f) & 0xffff, "half " + Integer.toHexString(h) + " = " + f);
        }
    }

    @Test
    void knownValues() {
        assertEquals(0x3c00, Float16.fromFloat(1f));
        assertEquals(0xc000, Float16.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, Float16.fromFloat(65504f), "the largest half");
        assertEquals(0x7bff, Float16.fromFloat(65519f));
        assertEquals(0x7c00, Float16.fromFloat(65520f), "halfway to 65536 rounds to the even side: infinity");
        assertEquals(0x0001, Float16.fromFloat(0x1p-24f), "the smallest subnormal");
        assertEquals(0x0000, Float16.fromFloat(0x1p-25f), "halfway to the smallest subnormal: to even, zero");
        assertEquals(0x0002, Float16.fromFloat(0x1.8p-24f), "1.5 units of 2^-24: to even, 2");
        assertEquals(0x0400, Float16.fromFloat(0x1.ffcp-15f), "the largest subnormal rounds up to the smallest normal");
        assertEquals(0x3c00, Float16.fromFloat(1f + 0x1p-11f), "a tie between 1 and 1 + 2^-10: to even, 1");
        assertEquals(0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f), "a tie between 1 + 2^-10 and 1 + 2^-9: to even");
        assertEquals(0x3c01, Float16.fromFloat(1f + 0x1p-11f + 0x1p-20f), "just above the tie: up");
        assertEquals(0.1f, Float16.round(0.1f), 0.1f * 0x1p-11f);
    }

    /** Any float goes to a nearest half: no other half of its sign lies closer (a tie goes to the even one). */
    @Test
    void roundsToTheNearestHalf() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 200_000; i++) {
            // weights are small; cover subnormals, normals and the overflow edge all the same
            float f = (float) (random.nextDouble(-1, 1) * Math.pow(2, random.nextInt(-30, 17)));
            short h = Float16.fromFloat(f);
            if ((h & 0x7fff) == 0x7c00) {
                assertTrue(Math.abs(f) >= 65520, f + " -> infinity"); // from halfway past the largest half on
                continue;
            }
            double error = Math.abs(f - (double) Float16.toFloat(h));
            for (int d : new int[]{-1, 1}) {
                int n = (h & 0xffff) + d;
                if ((n & 0x7fff) >= 0x7c00 || (n & 0x8000) != (h & 0x8000)) {
                    continue; // infinity, or across the sign
                }
                double other = Math.abs(f - (double) Float16.toFloat((short) n));
                assertTrue(error < other || (error == other && (h & 1) == 0),
                        f + " -> " + Float16.toFloat(h) + ", but " + Float16.toFloat((short) n) + " is as close or closer");
            }
        }
    }
}
