package org.telenovela.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowArithmetic}'s rows with the Java Vector API: the same float operations in the same order on as many
 * units at once as the CPU's widest vectors hold (16 with AVX-512), so the same bits as the scalar form
 * ({@code RowArithmeticTest}); the units past the last whole vector go through the scalar form. Loaded only when
 * the JVM has the incubator module ({@link RowArithmetic#VECTORS}).
 *
 * <p>The exp builds 2^k from the bits of k + 1.5 * 2^23 rather than by converting k to an int: Java 17 compiles
 * that conversion lane by lane (measured: the exp five times as slow).
 */
final class RowVectors {
    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final int MAGIC_BITS = Float.floatToIntBits(12582912f);

    private RowVectors() {
    }

    /**
     * The gates' activations, then the cells, each in a method of its own with one exp: with more in one method,
     * the compiler stopped inlining at its node limit and boxed the vectors (measured 4x slower).
     */
    static void forward(float[] z, int zAt, float[] c, float[] tanhC, float[] h, int at, int previous, int n) {
        int whole = LANES.loopBound(n);
        tanh(z, zAt, whole);
        sigmoid(z, zAt + n, whole);
        sigmoid(z, zAt + 2 * n, whole);
        sigmoid(z, zAt + 3 * n, whole);
        cells(z, zAt, c, tanhC, h, at, previous, n, whole);
        RowArithmetic.forward(z, zAt, c, tanhC, h, at, previous, n, whole);
    }

    private static void tanh(float[] a, int from, int count) {
        for (int j = from; j < from + count; j += LANES.length()) {
            tanh(FloatVector.fromArray(LANES, a, j)).intoArray(a, j);
        }
    }

    private static void sigmoid(float[] a, int from, int count) {
        for (int j = from; j < from + count; j += LANES.length()) {
            sigmoid(FloatVector.fromArray(LANES, a, j)).intoArray(a, j);
        }
    }

    private static void cells(float[] z, int zAt, float[] c, float[] tanhC, float[] h, int at, int previous, int n,
                              int whole) {
        for (int j = 0; j < whole; j += LANES.length()) {
            FloatVector block = FloatVector.fromArray(LANES, z, zAt + j);
            FloatVector forget = FloatVector.fromArray(LANES, z, zAt + n + j);
            FloatVector output = FloatVector.fromArray(LANES, z, zAt + 2 * n + j);
            FloatVector input = FloatVector.fromArray(LANES, z, zAt + 3 * n + j);
            FloatVector carried = previous >= 0 ? forget.mul(FloatVector.fromArray(LANES, c, previous + j))
                    : FloatVector.zero(LANES);
            FloatVector cell = carried.add(input.mul(block));
            FloatVector tc = tanh(cell);
            cell.intoArray(c, at + j);
            tc.intoArray(tanhC, at + j);
            output.mul(tc).intoArray(h, at + j);
        }
    }

    static void backward(float[] z, int zAt, float[] c, float[] tanhC, float[] dh, int at, int previous,
                         float[] carry, int carryAt, float[] dz, int n) {
        int j = 0;
        for (int end = LANES.loopBound(n); j < end; j += LANES.length()) {
            FloatVector block = FloatVector.fromArray(LANES, z, zAt + j);
            FloatVector forget = FloatVector.fromArray(LANES, z, zAt + n + j);
            FloatVector output = FloatVector.fromArray(LANES, z, zAt + 2 * n + j);
            FloatVector input = FloatVector.fromArray(LANES, z, zAt + 3 * n + j);
            FloatVector tc = FloatVector.fromArray(LANES, tanhC, at + j);
            FloatVector dhj = FloatVector.fromArray(LANES, dh, at + j);
            FloatVector dc = FloatVector.fromArray(LANES, carry, carryAt + j)
                    .add(dhj.mul(output).mul(oneMinus(tc.mul(tc))));
            dc.mul(input).mul(oneMinus(block.mul(block))).intoArray(dz, zAt + j);
            FloatVector dForget = previous >= 0
                    ? dc.mul(FloatVector.fromArray(LANES, c, previous + j)).mul(forget).mul(oneMinus(forget))
                    : FloatVector.zero(LANES);
            dForget.intoArray(dz, zAt + n + j);
            dhj.mul(tc).mul(output).mul(oneMinus(output)).intoArray(dz, zAt + 2 * n + j);
            dc.mul(block).mul(input).mul(oneMinus(input)).intoArray(dz, zAt + 3 * n + j);
            dc.mul(forget).intoArray(carry, carryAt + j);
        }
        RowArithmetic.backward(z, zAt, c, tanhC, dh, at, previous, carry, carryAt, dz, n, j);
    }

    /**
     * {@link RowArithmetic#softmax}: the vectors cover whole multiples of its 16 partial sums (one vector of 16
     * lanes, or two of 8, ...), the scalar form the rest.
     */
    static void softmax(float[] a, int at, int count) {
        int whole = RowArithmetic.PARTIALS % LANES.length() == 0 ? count - count % RowArithmetic.PARTIALS : 0;
        float max = RowArithmetic.max(a, at, count, whole, max(a, at, whole));
        float[] partial = new float[RowArithmetic.PARTIALS];
        exps(a, at, whole, max, partial);
        RowArithmetic.exps(a, at, count, whole, max, partial);
        float sum = RowArithmetic.sum(partial);
        FloatVector divisor = FloatVector.broadcast(LANES, sum);
        for (int j = 0; j < whole; j += LANES.length()) {
            FloatVector.fromArray(LANES, a, at + j).div(divisor).intoArray(a, at + j);
        }
        RowArithmetic.divide(a, at, count, whole, sum);
    }

    private static float max(float[] a, int at, int whole) {
        FloatVector max = FloatVector.broadcast(LANES, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < whole; j += LANES.length()) {
            max = max.max(FloatVector.fromArray(LANES, a, at + j));
        }
        return max.reduceLanes(VectorOperators.MAX); // exact in any order
    }

    private static void exps(float[] a, int at, int whole, float max, float[] partial) {
        for (int j = 0; j < whole; j += LANES.length()) {
            FloatVector e = exp(FloatVector.fromArray(LANES, a, at + j).sub(max));
            e.intoArray(a, at + j);
            int lanes = j % RowArithmetic.PARTIALS;
            FloatVector.fromArray(LANES, partial, lanes).add(e).intoArray(partial, lanes);
        }
    }

    private static FloatVector oneMinus(FloatVector x) {
        return FloatVector.broadcast(LANES, 1f).sub(x);
    }

    /** {@link RowArithmetic#exp}, lane by lane. */
    private static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(-87f).min(88f);
        FloatVector shifted = v.mul(1.44269504f).add(12582912f); // k + 1.5 * 2^23: k in the low bits
        FloatVector k = shifted.sub(12582912f);
        FloatVector r = v.sub(k.mul(0.693359375f)).add(k.mul(2.12194440e-4f));
        FloatVector p = FloatVector.broadcast(LANES, 1.9875691500e-4f);
        p = p.mul(r).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        IntVector bits = shifted.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(r).mul(r).add(r).add(1f).mul(bits.reinterpretAsFloats());
    }

    private static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(LANES, 1f).div(exp(x.neg()).add(1f));
    }

    private static FloatVector tanh(FloatVector x) {
        return FloatVector.broadcast(LANES, 1f).sub(FloatVector.broadcast(LANES, 2f).div(exp(x.mul(2f)).add(1f)));
    }
}
