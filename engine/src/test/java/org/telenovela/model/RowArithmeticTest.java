package org.telenovela.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API form of the rows' arithmetic gives the same bits as the scalar form (the tests run with the
 * incubator module, as training does), whole vectors and the units past them alike; the scalar form is what it says.
 */
class RowArithmeticTest {
    private static float[] gaussian(Random random, int length, double scale) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 37, 256})
    void forwardAndBackwardRowsAreTheScalarOnesBitForBit(int n) {
        assertTrue(RowArithmetic.VECTORS, "the tests run with --add-modules jdk.incubator.vector");
        Random random = new Random(n);
        // two rows: the second continues the first's sequence (its previous cell is the first's)
        float[] z = gaussian(random, 2 * 4 * n, 6);
        float[] dh = gaussian(random, 2 * n, 1);
        float[] carry = gaussian(random, n, 1);
        float[][] vector = {z.clone(), new float[2 * n], new float[2 * n], new float[2 * n], dh, carry.clone(),
                new float[2 * 4 * n]};
        float[][] scalar = {z.clone(), new float[2 * n], new float[2 * n], new float[2 * n], dh, carry.clone(),
                new float[2 * 4 * n]};
        for (int row = 0; row < 2; row++) {
            int previous = row == 0 ? -1 : 0;
            RowVectors.forward(vector[0], row * 4 * n, vector[1], vector[2], vector[3], row * n, previous, n);
            RowArithmetic.forward(scalar[0], row * 4 * n, scalar[1], scalar[2], scalar[3], row * n, previous, n, 0);
        }
        for (int row = 1; row >= 0; row--) {
            int previous = row == 0 ? -1 : 0;
            RowVectors.backward(vector[0], row * 4 * n, vector[1], vector[2], vector[4], row * n, previous,
                    vector[5], 0, vector[6], n);
            RowArithmetic.backward(scalar[0], row * 4 * n, scalar[1], scalar[2], scalar[4], row * n, previous,
                    scalar[5], 0, scalar[6], n, 0);
        }
        for (int i = 0; i < vector.length; i++) {
            assertArrayEquals(scalar[i], vector[i], 0f, "array " + i);
        }
        // and the activations are what they are: the forget gate of the first unit, the first output
        assertEquals(1 / (1 + Math.exp(-z[n])), scalar[0][n], 2e-7);
        double cell = 1 / (1 + Math.exp(-z[3 * n])) * Math.tanh(z[0]);
        assertEquals(1 / (1 + Math.exp(-z[2 * n])) * Math.tanh(cell), scalar[3][0], 1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 16, 40, 1621})
    void softmaxIsTheScalarOneBitForBit(int count) {
        Random random = new Random(count);
        float[] logits = gaussian(random, count + 3, 4);
        float[] vector = logits.clone();
        float[] scalar = logits.clone();
        RowVectors.softmax(vector, 3, count);
        float[] partial = new float[RowArithmetic.PARTIALS];
        RowArithmetic.exps(scalar, 3, count, 0, RowArithmetic.max(scalar, 3, count, 0, Float.NEGATIVE_INFINITY), partial);
        RowArithmetic.divide(scalar, 3, count, 0, RowArithmetic.sum(partial));
        assertArrayEquals(scalar, vector, 0f);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            max = Math.max(max, logits[3 + j]);
        }
        double sum = 0;
        for (int j = 0; j < count; j++) {
            sum += Math.exp(logits[3 + j] - max);
        }
        for (int j = 0; j < count; j++) {
            assertEquals(Math.exp(logits[3 + j] - max) / sum, scalar[3 + j], 1e-6 * scalar[3 + j] + 1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {-100f, -87.5f, -20f, -1e-3f, 0f, 0.5f, 1f, 10f, 88f, 100f})
    void expIsWithinTwoTenMillionthsOfMathExp(float x) {
        double expected = Math.exp(Math.max(-87, Math.min(88, x)));
        assertEquals(expected, RowArithmetic.exp(x), 2e-7 * expected);
    }
}
