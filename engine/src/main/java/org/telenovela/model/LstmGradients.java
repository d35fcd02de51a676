package org.telenovela.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training step of {@link LstmNetwork}'s graph (one LSTM layer): the gradient is computed here, in whole-
 * sequence matrix products, and handed to the graph's own updater (DL4J's gradient clipping and Adam, with their
 * state) exactly as {@code ComputationGraph.fit} does, so the model, its file, its optimiser state and generation
 * stay DL4J's. The gradient equals DL4J's to float rounding ({@code LstmGradientsTest}).
 *
 * <p>Why not {@code fit}: DL4J's LSTM layer multiplies the input weights and accumulates both weight gradients one
 * time step at a time (products whose inner dimension is the minibatch, 32), copies its sequences between layouts
 * at every layer, and reduces the bias gradients along strided columns; its small products go through ND4J's
 * {@code mmul}, which for these shapes ran at a quarter of the speed of a BLAS call into a column-major output.
 * Here the sequences are time-major (row s*B+e), so the input projection, both weight gradients, the output layer
 * and the gradient back into the embeddings are each one BLAS product over all B*T rows (the softmax layer over the
 * rows whose prediction counts only); the recurrent product stays per step. The element-wise arithmetic (gates,
 * cells, softmax) is {@link RowArithmetic}'s, a row at a time, in Java Vector API lanes when the JVM has them; the
 * per-step products' column-major inputs and outputs are transposed to and from the rows around each product.
 *
 * <p>Minibatches are as {@link TrainingSet} makes them: sequences no longer than the truncated-BPTT length (one
 * segment), padding only at their ends (checked). A sequence starts from a blank state, or from the state a {@link
 * Carry} brings in (the end of the previous window of the same text: stateful truncated BPTT, as DL4J's own TBPTT
 * carries it from one segment to the next); no gradient flows back into the state brought in.
 *
 * <p>Dropout as DL4J's (inverted, on the LSTM's input and on the softmax layer's input), drawn from the generator
 * the caller seeds: the same seed drops the same units.
 */
final class LstmGradients {
    private final ComputationGraph net;
    private final double keep;
    private final int hidden;
    private final int symbolWidth;
    private final int beatWidth;
    private final int vocabulary;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private Buffers buffers;

    LstmGradients(ComputationGraph net, double dropout) {
        if (net.getConfiguration().getNetworkInputs().size() != 2 || !handles(net)) {
            throw new IllegalArgumentException("LstmGradients trains the one-layer network of LstmNetwork");
        }
        this.net = net;
        this.keep = 1 - dropout;
        if (net.getGradientsViewArray() == null) {
            net.initGradientsView();
        }
        net.getUpdater(); // the Adam state, created now if the graph has none yet
        for (String layer : new String[]{LstmNetwork.SYMBOL_EMBEDDING, LstmNetwork.BEAT_EMBEDDING, LstmNetwork.lstm(0),
                LstmNetwork.OUTPUT}) {
            Layer l = net.getLayer(layer);
            Map<String, INDArray> views = l.conf().getLayer().initializer()
                    .getGradientsFromFlattened(l.conf(), l.getGradientsViewArray());
            views.forEach((param, view) -> gradients.put(layer + "_" + param, view));
        }
        this.hidden = (int) param(LstmNetwork.lstm(0), "RW").size(0);
        this.symbolWidth = (int) param(LstmNetwork.SYMBOL_EMBEDDING, "W").size(1);
        this.beatWidth = (int) param(LstmNetwork.BEAT_EMBEDDING, "W").size(1);
        this.vocabulary = (int) param(LstmNetwork.OUTPUT, "W").size(1);
    }

    /** Whether this class can train {@code net} (one LSTM layer); deeper stacks train through DL4J's own fit. */
    static boolean handles(ComputationGraph net) {
        return !net.getConfiguration().getVertices().containsKey(LstmNetwork.lstm(1));
    }

    private INDArray param(String layer, String name) {
        return net.getParam(layer + "_" + name);
    }

    private INDArray gradient(String layer, String name) {
        return gradients.get(layer + "_" + name);
    }

    /**
     * The LSTM state carried into a minibatch and out of it, a row per sequence ([b x hidden], row-major; a minibatch
     * of fewer rows uses the first of them): a sequence whose {@code carried} flag is set starts from its rows of
     * {@code h} and {@code c}, the others from zeros; after the step both hold the state each sequence ended with, at
     * its last step.
     */
    static final class Carry {
        final float[] h;
        final float[] c;
        final boolean[] carried;

        Carry(int b, int hidden) {
            h = new float[b * hidden];
            c = new float[b * hidden];
            carried = new boolean[b];
        }
    }

    int hidden() {
        return hidden;
    }

    /**
     * Trains on one minibatch as {@code net.fit(ds)} would (one truncated-BPTT segment: no sequence is longer than
     * it), from the state {@code carry} brings in (null: blank), which it then holds the state each sequence ended
     * with; returns the score as {@code net.score()} reports it (the masked cross-entropy summed, over the minibatch).
     */
    double fit(MultiDataSet ds, SplittableRandom dropout, Carry carry) {
        int batch = (int) ds.getFeatures(0).size(0);
        double score = computeGradient(ds, dropout, carry);
        int iteration = net.getConfiguration().getIterationCount();
        int epoch = net.getConfiguration().getEpochCount();
        Gradient g = new DefaultGradient(net.getGradientsViewArray());
        gradients.forEach(g::setGradientFor);
        net.getUpdater().update(g, iteration, epoch, batch, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = net.params();
        params.subi(net.getGradientsViewArray().reshape(params.shape()));
        net.getConfiguration().setIterationCount(iteration + 1);
        return score;
    }

    /**
     * Fills the graph's gradient view with the gradient summed over the minibatch (DL4J's updater divides it);
     * returns the score. The sequences are time-major, row r = s*B+e for step s of sequence e, and every per-row
     * array keeps a row's units together (a row-major [rows x units] matrix, the column-major [units x rows] the
     * products see), so that a step's rows are one contiguous block; the per-step products work on column-major
     * [B x units] copies, the orientation OpenBLAS multiplies fastest. The cells, their tanh, the outputs and the
     * outputs' gradient are one step further on (row r at r+B): their first B rows are the state carried in.
     */
    double computeGradient(MultiDataSet ds, SplittableRandom dropout, Carry carry) {
        int b = (int) ds.getFeatures(0).size(0);
        int t = (int) ds.getFeatures(0).size(2);
        if (t > net.getConfiguration().getTbpttFwdLength()) {
            throw new IllegalArgumentException("sequences of " + t + " steps, longer than one truncated-BPTT segment");
        }
        int rows = b * t;
        int n = hidden;
        int g4 = 4 * n;
        int in = symbolWidth + beatWidth;
        int in1 = in + 1; // and a one, times the bias row of wIn
        Buffers m = buffers(b, t);
        float[] symbols = ds.getFeatures(0).dup('c').data().asFloat();
        float[] beats = ds.getFeatures(1).dup('c').data().asFloat();
        float[] labels = ds.getLabels(0).dup('c').data().asFloat();
        float[] labelMask = ds.getLabelsMaskArray(0).dup('c').data().asFloat();
        float[] featureMask = ds.getFeaturesMaskArray(0).dup('c').data().asFloat();
        for (int e = 0; e < b; e++) {
            for (int s = 1; s < t; s++) {
                if (featureMask[e * t + s] > featureMask[e * t + s - 1] || labelMask[e * t + s] > featureMask[e * t + s]) {
                    throw new IllegalArgumentException("sequence " + e + " has padding before step " + s);
                }
            }
        }
        float scale = (float) (1 / keep);

        // inputs: each row's embeddings (rows of the [vocabulary x width] tables) and a one; the input dropout
        float[] symbolTable = param(LstmNetwork.SYMBOL_EMBEDDING, "W").dup('c').data().asFloat();
        float[] beatTable = param(LstmNetwork.BEAT_EMBEDDING, "W").dup('c').data().asFloat();
        float[] x = new float[rows * in1];
        int[] symbolAt = new int[rows];
        int[] beatAt = new int[rows];
        int[] labelAt = new int[rows];
        int[] counted = new int[rows]; // the rows whose prediction counts, in order
        int outputs = 0;
        for (int r = 0; r < rows; r++) {
            int src = (r % b) * t + r / b;
            symbolAt[r] = (int) symbols[src];
            beatAt[r] = (int) beats[src];
            labelAt[r] = (int) labels[src];
            if (labelMask[src] > 0) {
                counted[outputs++] = r;
            }
            System.arraycopy(symbolTable, symbolAt[r] * symbolWidth, x, r * in1, symbolWidth);
            System.arraycopy(beatTable, beatAt[r] * beatWidth, x, r * in1 + symbolWidth, beatWidth);
            x[r * in1 + in] = 1f;
        }
        float[] inputMask = keep < 1 ? drop(x, rows, in, dropout, scale) : null;
        m.x.put(x);

        // forward: the input product for every row at once, then the recurrence one product a step
        withBias(param(LstmNetwork.lstm(0), "W"), param(LstmNetwork.lstm(0), "b"), m.wIn);
        INDArray recurrent = param(LstmNetwork.lstm(0), "RW");
        m.rw.put(recurrent.dup('f').data().asFloat());
        m.rwT.put(recurrent.transpose().dup('f').data().asFloat());
        gemm(true, false, g4, rows, in1, m.wIn, in1, m.x, in1, m.z, g4);
        float[] z = m.z.get(m.gates, rows * g4);
        float[] h = m.outputs;
        float[] c = m.cells;
        float[] tanhC = m.tanhCells;
        boolean[] carried = new boolean[b];
        boolean anyCarried = false;
        Arrays.fill(h, 0, b * n, 0f);
        Arrays.fill(c, 0, b * n, 0f);
        if (carry != null) {
            for (int e = 0; e < b; e++) {
                if (carry.carried[e]) {
                    carried[e] = anyCarried = true;
                    System.arraycopy(carry.h, e * n, h, e * n, n);
                    System.arraycopy(carry.c, e * n, c, e * n, n);
                }
            }
        }
        float[] hStep = new float[b * n]; // [b x n]: h(s-1), then in the backward pass dh(s-1) from step s
        float[] zStep = new float[b * g4]; // [b x 4n]: h(s-1) RW, then in the backward pass dz(s)
        for (int s = 0; s < t; s++) {
            if (s > 0 || anyCarried) {
                addStepProduct(h, s, n, hStep, m.hStep, m.rw, m.zStep, zStep, g4, z, s, b);
            }
            for (int e = 0; e < b; e++) {
                int row = s * b + e;
                RowArithmetic.forward(z, row * g4, c, tanhC, h, (row + b) * n, s > 0 || carried[e] ? row * n : -1, n);
            }
        }
        if (carry != null) {
            System.arraycopy(h, t * b * n, carry.h, 0, b * n);
            System.arraycopy(c, t * b * n, carry.c, 0, b * n);
        }

        // the softmax layer on the (dropped-out) outputs of the counted rows only (the others add nothing to the
        // loss or the gradient: in a fine-tune, most rows are other characters' lines); hc: those outputs and a one
        // (the bias row of wOut); pT: [vocabulary x outputs], the logits, then probabilities, then their gradient
        int n1 = n + 1;
        float[] hc = new float[outputs * n1];
        for (int i = 0; i < outputs; i++) {
            System.arraycopy(h, (counted[i] + b) * n, hc, i * n1, n);
            hc[i * n1 + n] = 1f;
        }
        float[] outputMask = keep < 1 ? drop(hc, outputs, n, dropout, scale) : null;
        m.hc.put(hc);
        withBias(param(LstmNetwork.OUTPUT, "W"), param(LstmNetwork.OUTPUT, "b"), m.wOut);
        gemm(true, false, vocabulary, outputs, n1, m.wOut, n1, m.hc, n1, m.pT, vocabulary);
        float[] p = m.pT.get(m.probabilities, outputs * vocabulary);
        double loss = 0;
        for (int i = 0; i < outputs; i++) {
            RowArithmetic.softmax(p, i * vocabulary, vocabulary);
            int at = i * vocabulary + labelAt[counted[i]];
            loss -= Math.log(Math.max(p[at], 1e-10f));
            p[at] -= 1;
        }
        m.pT.put(p, outputs * vocabulary);
        gemm(false, true, n1, vocabulary, outputs, m.hc, n1, m.pT, vocabulary, m.wOutGradient, n1);
        splitBias(m.wOutGradient, gradient(LstmNetwork.OUTPUT, "W"), gradient(LstmNetwork.OUTPUT, "b"));
        gemm(false, false, n, outputs, vocabulary, m.wOut, n1, m.pT, vocabulary, m.dhc, n);
        float[] dhCounted = m.dhc.get(outputs * n);
        float[] dh = m.outputGradients;
        Arrays.fill(dh, 0, (rows + b) * n, 0f);
        for (int i = 0; i < outputs; i++) {
            int to = (counted[i] + b) * n;
            for (int j = 0; j < n; j++) {
                dh[to + j] = outputMask == null ? dhCounted[i * n + j] : dhCounted[i * n + j] * outputMask[i * n + j];
            }
        }

        // backward through time; dz: the gradient in the gates' pre-activations
        float[] dz = m.gateGradients;
        float[] dcCarry = new float[b * n];
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                addStepProduct(dz, s + 1, g4, zStep, m.zStep, m.rwT, m.hStep, hStep, n, dh, s + 1, b);
            }
            for (int e = 0; e < b; e++) {
                int row = s * b + e;
                RowArithmetic.backward(z, row * g4, c, tanhC, dh, (row + b) * n, s > 0 || carried[e] ? row * n : -1,
                        dcCarry, e * n, dz, n);
            }
        }
        m.z.put(dz, rows * g4);
        gemm(false, true, in1, g4, rows, m.x, in1, m.z, g4, m.wInGradient, in1);
        splitBias(m.wInGradient, gradient(LstmNetwork.lstm(0), "W"), gradient(LstmNetwork.lstm(0), "b"));
        m.h.put(h, rows * n); // h one step back (the state carried in, then steps 0..t-2): the recurrent weights' input
        gemm(false, true, n, g4, rows, m.h, n, m.z, g4, m.rw, n);
        INDArray rwGradient = gradient(LstmNetwork.lstm(0), "RW");
        rwGradient.assign(array(m.rw.get(), rwGradient.shape(), 'f'));

        // into the embeddings, through the input dropout
        gemm(false, false, in, rows, g4, m.wIn, in1, m.z, g4, m.dx, in);
        float[] dx = m.dx.get(rows * in);
        if (inputMask != null) {
            for (int i = 0; i < dx.length; i++) {
                dx[i] *= inputMask[i];
            }
        }
        INDArray symbolGradient = gradient(LstmNetwork.SYMBOL_EMBEDDING, "W");
        INDArray beatGradient = gradient(LstmNetwork.BEAT_EMBEDDING, "W");
        float[] dSymbols = new float[symbolTable.length];
        float[] dBeats = new float[beatTable.length];
        for (int r = 0; r < rows; r++) {
            int so = symbolAt[r] * symbolWidth;
            for (int k = 0; k < symbolWidth; k++) {
                dSymbols[so + k] += dx[r * in + k];
            }
            int bo = beatAt[r] * beatWidth;
            for (int k = 0; k < beatWidth; k++) {
                dBeats[bo + k] += dx[r * in + symbolWidth + k];
            }
        }
        symbolGradient.assign(array(dSymbols, symbolGradient.shape(), 'c'));
        beatGradient.assign(array(dBeats, beatGradient.shape(), 'c'));
        return loss / b;
    }

    /**
     * One per-step recurrent product: the b rows of step {@code from} in {@code rows} ([rows x width], row-major)
     * times {@code weights} ([width x outWidth], column-major), added to the b rows of step {@code to} in {@code
     * into}; through the column-major matrices {@code in} and {@code out} and their Java copies {@code inCopy} and
     * {@code outCopy}, the orientation OpenBLAS multiplies fastest.
     */
    private static void addStepProduct(float[] rows, int from, int width, float[] inCopy, Matrix in, Matrix weights,
                                       Matrix out, float[] outCopy, int outWidth, float[] into, int to, int b) {
        transpose(rows, from * b, b, width, inCopy);
        in.put(inCopy);
        gemm(false, false, b, outWidth, width, in, b, weights, width, out, b);
        out.get(outCopy);
        addTransposed(outCopy, b, outWidth, into, to * b);
    }

    /**
     * The rows {@code first..first+count) of a row-major [rows x width] array into a column-major [count x width]
     * one (the orientation the per-step products take), in tiles of 16 columns so that both sides are read and
     * written a cache line at a time.
     */
    private static void transpose(float[] rows, int first, int count, int width, float[] into) {
        for (int k0 = 0; k0 < width; k0 += 16) {
            int k1 = Math.min(width, k0 + 16);
            for (int e = 0; e < count; e++) {
                int from = (first + e) * width;
                for (int k = k0; k < k1; k++) {
                    into[k * count + e] = rows[from + k];
                }
            }
        }
    }

    /** Adds a column-major [count x width] array to the rows {@code first..first+count)} of a row-major one. */
    private static void addTransposed(float[] columns, int count, int width, float[] rows, int first) {
        for (int k0 = 0; k0 < width; k0 += 16) {
            int k1 = Math.min(width, k0 + 16);
            for (int e = 0; e < count; e++) {
                int to = (first + e) * width;
                for (int k = k0; k < k1; k++) {
                    rows[to + k] += columns[k * count + e];
                }
            }
        }
    }

    /**
     * c = op(a) op(b), all column-major with the given leading dimensions (m x k times k x n), straight into the
     * OpenBLAS that ND4J itself uses: through {@code Nd4j.gemm} the per-step products took half as long again.
     */
    private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, Matrix a, int lda,
                             Matrix b, int ldb, Matrix c, int ldc) {
        openblas.cblas_sgemm(openblas.CblasColMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1f, a.buffer, lda, b.buffer, ldb,
                0f, c.buffer, ldc);
    }

    /** into = [weights; bias]: the weights (column-major [in x out]) with the bias as one more row. */
    private static void withBias(INDArray weights, INDArray bias, Matrix into) {
        int in = (int) weights.size(0);
        int out = (int) weights.size(1);
        float[] w = weights.dup('f').data().asFloat();
        float[] b = bias.dup().data().asFloat();
        float[] a = new float[(in + 1) * out];
        for (int g = 0; g < out; g++) {
            System.arraycopy(w, g * in, a, g * (in + 1), in);
            a[g * (in + 1) + in] = b[g];
        }
        into.put(a);
    }

    /** The gradient of [weights; bias] into the two gradient views. */
    private static void splitBias(Matrix gradient, INDArray weights, INDArray bias) {
        int in = (int) weights.size(0);
        int out = (int) weights.size(1);
        float[] a = gradient.get();
        float[] w = new float[in * out];
        float[] b = new float[out];
        for (int g = 0; g < out; g++) {
            System.arraycopy(a, g * (in + 1), w, g * in, in);
            b[g] = a[g * (in + 1) + in];
        }
        weights.assign(array(w, weights.shape(), 'f'));
        bias.assign(array(b, bias.shape(), 'c'));
    }

    private static INDArray array(float[] values, long[] shape, char order) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape, order);
        a.data().asNioFloat().put(values);
        return a;
    }

    /**
     * Multiplies {@code rows} rows of {@code width} values (each followed by the one of a bias row, left alone) by a
     * fresh dropout mask, and returns the mask, [rows x width].
     */
    private float[] drop(float[] values, int rows, int width, SplittableRandom random, float scale) {
        float[] mask = mask(rows * width, random, scale);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < width; k++) {
                values[r * (width + 1) + k] *= mask[r * width + k];
            }
        }
        return mask;
    }

    /** A fresh dropout mask: 0, or 1 / keep with probability keep (a 32-bit draw below keep * 2^32: two a long). */
    private float[] mask(int length, SplittableRandom random, float scale) {
        float[] mask = new float[length];
        long threshold = (long) (keep * 0x1p32);
        for (int i = 0; i < length; i += 2) {
            long bits = random.nextLong();
            mask[i] = (bits & 0xFFFFFFFFL) < threshold ? scale : 0f;
            if (i + 1 < length) {
                mask[i + 1] = bits >>> 32 < threshold ? scale : 0f;
            }
        }
        return mask;
    }

    private Buffers buffers(int b, int t) {
        // kept for smaller minibatches too (an epoch's last), which use the start of each matrix
        if (buffers == null || buffers.b < b || buffers.t != t) {
            buffers = new Buffers(b, t, hidden, symbolWidth + beatWidth, vocabulary);
        }
        return buffers;
    }

    /**
     * The native matrices a minibatch of up to b sequences of t steps goes through, kept from one minibatch to the
     * next; the products give each its actual leading dimension.
     */
    private static final class Buffers {
        final int b;
        final int t;
        final Matrix x;
        final Matrix wIn;
        final Matrix wInGradient;
        final Matrix z;
        final Matrix h;
        final Matrix dx;
        final Matrix hc;
        final Matrix wOut;
        final Matrix wOutGradient;
        final Matrix pT;
        final Matrix dhc;
        final Matrix hStep;
        final Matrix zStep;
        final Matrix rw;
        final Matrix rwT;
        // the Java side's large arrays, [rows x units] (reused: a minibatch allocated 75 MB)
        final float[] gates;
        final float[] gateGradients;
        final float[] cells;
        final float[] tanhCells;
        final float[] outputs;
        final float[] outputGradients;
        final float[] probabilities;

        Buffers(int b, int t, int n, int in, int vocabulary) {
            this.b = b;
            this.t = t;
            int rows = b * t;
            x = new Matrix(rows, in + 1);
            wIn = new Matrix(in + 1, 4 * n);
            wInGradient = new Matrix(in + 1, 4 * n);
            z = new Matrix(rows, 4 * n);
            h = new Matrix(rows, n);
            dx = new Matrix(rows, in);
            hc = new Matrix(rows, n + 1);
            wOut = new Matrix(n + 1, vocabulary);
            wOutGradient = new Matrix(n + 1, vocabulary);
            pT = new Matrix(vocabulary, rows);
            dhc = new Matrix(rows, n);
            hStep = new Matrix(b, n);
            zStep = new Matrix(b, 4 * n);
            rw = new Matrix(n, 4 * n);
            rwT = new Matrix(4 * n, n);
            gates = new float[rows * 4 * n];
            gateGradients = new float[rows * 4 * n];
            // one step more: the first b rows are the state carried in
            cells = new float[(rows + b) * n];
            tanhCells = new float[(rows + b) * n];
            outputs = new float[(rows + b) * n];
            outputGradients = new float[(rows + b) * n];
            probabilities = new float[rows * vocabulary];
        }
    }

    /**
     * A column-major native matrix and a view of its memory, for copies to and from Java arrays in one call; {@link
     * #view} gives a smaller column-major matrix over the start of the same memory.
     */
    private static final class Matrix {
        final INDArray array;
        final FloatBuffer buffer;

        Matrix(int rows, int columns) {
            array = Nd4j.create(DataType.FLOAT, new long[]{rows, columns}, 'f');
            buffer = array.data().asNioFloat();
        }

        INDArray view(int rows, int columns) {
            return Nd4j.create(array.data(), new long[]{rows, columns}, new long[]{1, rows}, 0, 'f');
        }

        void put(float[] values) {
            buffer.put(0, values);
        }

        void put(float[] values, int length) {
            buffer.put(0, values, 0, length);
        }

        float[] get() {
            return get(buffer.capacity());
        }

        float[] get(int length) {
            float[] out = new float[length];
            buffer.get(0, out);
            return out;
        }

        void get(float[] out) {
            buffer.get(0, out);
        }

        /** The first {@code length} values into {@code out}, which it returns. */
        float[] get(float[] out, int length) {
            buffer.get(0, out, 0, length);
            return out;
        }
    }
}
