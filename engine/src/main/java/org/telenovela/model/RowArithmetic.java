package org.telenovela.model;

/**
 * The element-wise part of {@link LstmGradients}: one row (one sequence at one step) of the LSTM's gates, cell and
 * output forward, of their gradients backward, and of the softmax layer's softmax; a row's units are contiguous in
 * every array. In plain float
 * arithmetic, so the same bits on every platform; {@link RowVectors} computes the same bits (the same operations in
 * the same order, lane by lane) with the Java Vector API, eight to sixteen units at a time. That API is an incubator
 * module in Java 17: it is used when the JVM was started with {@code --add-modules jdk.incubator.vector}, as the
 * launcher does for the commands that train (and Maven for the tests); without it, this class does the work.
 */
final class RowArithmetic {
    /** Whether this JVM has the Vector API, so that {@link RowVectors} can load. */
    static final boolean VECTORS = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private RowArithmetic() {
    }

    /**
     * The forward pass of one row. {@code z[zAt..zAt+4n)} holds the gates' pre-activations in DL4J's order [block
     * input, forget, output, input gate], replaced by their activations; the row's cell, tanh of the cell and output
     * go to {@code c}, {@code tanhC} and {@code h} at {@code at}; {@code previous} is where the sequence's previous
     * cell is in {@code c}, or -1 at its first step.
     */
    static void forward(float[] z, int zAt, float[] c, float[] tanhC, float[] h, int at, int previous, int n) {
        if (VECTORS) {
            RowVectors.forward(z, zAt, c, tanhC, h, at, previous, n);
        } else {
            forward(z, zAt, c, tanhC, h, at, previous, n, 0);
        }
    }

    /**
     * The backward pass of one row: from the gradient in its output {@code dh} (at {@code at}) and the cell's
     * gradient carried back from the next step ({@code carry} at {@code carryAt}, replaced by the one carried on to
     * the previous step), the gradient in the gates' pre-activations, into {@code dz} at {@code zAt}; {@code z}
     * holds the activations the forward pass left.
     */
    static void backward(float[] z, int zAt, float[] c, float[] tanhC, float[] dh, int at, int previous,
                         float[] carry, int carryAt, float[] dz, int n) {
        if (VECTORS) {
            RowVectors.backward(z, zAt, c, tanhC, dh, at, previous, carry, carryAt, dz, n);
        } else {
            backward(z, zAt, c, tanhC, dh, at, previous, carry, carryAt, dz, n, 0);
        }
    }

    /** {@link #forward} for units {@code from} to n. */
    static void forward(float[] z, int zAt, float[] c, float[] tanhC, float[] h, int at, int previous, int n,
                        int from) {
        for (int j = from; j < n; j++) {
            z[zAt + j] = tanh(z[zAt + j]);
            for (int gate = 1; gate < 4; gate++) {
                z[zAt + gate * n + j] = sigmoid(z[zAt + gate * n + j]);
            }
        }
        cells(z, zAt, c, tanhC, h, at, previous, n, from);
    }

    /** The cell, tanh of the cell and the output of units {@code from} to n, from the gates' activations. */
    static void cells(float[] z, int zAt, float[] c, float[] tanhC, float[] h, int at, int previous, int n,
                      int from) {
        for (int j = from; j < n; j++) {
            float block = z[zAt + j];
            float forget = z[zAt + n + j];
            float output = z[zAt + 2 * n + j];
            float input = z[zAt + 3 * n + j];
            float cell = (previous >= 0 ? forget * c[previous + j] : 0f) + input * block;
            float tc = tanh(cell);
            c[at + j] = cell;
            tanhC[at + j] = tc;
            h[at + j] = output * tc;
        }
    }

    /** {@link #backward} for units {@code from} to n. */
    static void backward(float[] z, int zAt, float[] c, float[] tanhC, float[] dh, int at, int previous,
                         float[] carry, int carryAt, float[] dz, int n, int from) {
        for (int j = from; j < n; j++) {
            float block = z[zAt + j];
            float forget = z[zAt + n + j];
            float output = z[zAt + 2 * n + j];
            float input = z[zAt + 3 * n + j];
            float tc = tanhC[at + j];
            float dc = carry[carryAt + j] + dh[at + j] * output * (1 - tc * tc);
            dz[zAt + j] = dc * input * (1 - block * block);
            dz[zAt + n + j] = previous >= 0 ? dc * c[previous + j] * forget * (1 - forget) : 0f;
            dz[zAt + 2 * n + j] = dh[at + j] * tc * output * (1 - output);
            dz[zAt + 3 * n + j] = dc * block * input * (1 - input);
            carry[carryAt + j] = dc * forget;
        }
    }

    /** A softmax sums into this many partial sums, index j into j mod 16, so both forms add in the same order. */
    static final int PARTIALS = 16;

    /** The softmax of {@code a[at..at+count)}, in place. */
    static void softmax(float[] a, int at, int count) {
        if (VECTORS) {
            RowVectors.softmax(a, at, count);
        } else {
            float[] partial = new float[PARTIALS];
            exps(a, at, count, 0, max(a, at, count, 0, Float.NEGATIVE_INFINITY), partial);
            divide(a, at, count, 0, sum(partial));
        }
    }

    /** {@link #softmax}'s steps for the values from {@code from} on: their maximum with {@code max}, */
    static float max(float[] a, int at, int count, int from, float max) {
        for (int j = from; j < count; j++) {
            max = Math.max(max, a[at + j]);
        }
        return max;
    }

    /** their exps (less the maximum) in place, added to the partial sums, */
    static void exps(float[] a, int at, int count, int from, float max, float[] partial) {
        for (int j = from; j < count; j++) {
            float e = exp(a[at + j] - max);
            a[at + j] = e;
            partial[j % PARTIALS] += e;
        }
    }

    /** and those divided by the sum. */
    static void divide(float[] a, int at, int count, int from, float sum) {
        for (int j = from; j < count; j++) {
            a[at + j] /= sum;
        }
    }

    static float sum(float[] partial) {
        float sum = 0;
        for (float x : partial) {
            sum += x;
        }
        return sum;
    }

    /**
     * e^x in float precision (Cephes' expf: within 2e-7 relative) in plain float arithmetic; the forward pass takes
     * five a unit and step. The rounding to the nearest integer k is done by adding and subtracting 1.5 * 2^23 (what
     * {@link Math#rint} gives for |x| < 2^22), as {@link RowVectors} must do it.
     */
    static float exp(float x) {
        float v = Math.max(-87f, Math.min(88f, x));
        float k = v * 1.44269504f + 12582912f - 12582912f;
        float r = v - k * 0.693359375f + k * 2.12194440e-4f;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        return (p * r * r + r + 1f) * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    static float tanh(float x) {
        return 1f - 2f / (exp(2f * x) + 1f);
    }
}
