package org.telenovela.model;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The forward pass of a trained DL4J LSTM stack for generation, in plain Java over the same weights.
 *
 * <p>Why: generation is thousands of single steps, and each DL4J {@code rnnTimeStep} call costs over a
 * millisecond of op dispatch for a few hundred thousand multiply-adds. Here a step is one row lookup for the
 * symbol and one for the beat (each embedding multiplied into the first layer's input weights the first time it is
 * needed), one recurrent matrix-vector product per layer and the log-softmax, with no allocation. Tests pin it to DL4J's
 * own output for the same weights and inputs.
 *
 * <p>Determinism: Java float and double arithmetic is IEEE-exact, every exp of generation is {@link #exp} (plain
 * arithmetic) and every log goes through {@link StrictMath} (Math.exp and Math.log may differ between platforms and
 * JITs; neither of these may), so the same model files, seed and cast give the same bytes on any platform.
 *
 * <p>Gate layout follows DL4J's {@code LSTMHelpers}: the 4H pre-activations are [block input (tanh), forget
 * (sigmoid), output (sigmoid), input gate (sigmoid)].
 */
final class LstmInference {
    private final int layers;
    private final int hidden;
    private final int vocabulary; // output symbols; the first layer's input rows are the symbols, the beats, "no beat"
    private final int noBeat;     // the input row of "no beat"
    // Weights are kept one array per row: the inner loops then index weights and gates with the same j, which
    // the JIT vectorises (with a row offset into one flat array it cannot rule out overlap and stays scalar;
    // measured 5x slower). The order of every sum is unchanged, so outputs are bit-identical either way.
    private final float[][][] inputWeights;     // [layer][nIn][4H]; layer 0: [V + B + 1][4H], embeddings applied
    private final float[][][] recurrentWeights; // [layer][H][4H]
    private final float[][] biases;             // [layer][4H]
    private final float[][] outputWeights;      // [H][V]
    private final float[] outputBias;           // [V]

    LstmInference(ComputationGraph net) {
        this(PlainWeights.of(net));
    }

    LstmInference(PlainWeights w) {
        int n = 0;
        while (w.has(LstmNetwork.lstm(n), "W")) {
            n++;
        }
        this.layers = n;
        this.hidden = w.matrix(LstmNetwork.lstm(0), "RW").length;
        this.outputWeights = w.matrix(LstmNetwork.OUTPUT, "W");
        this.outputBias = w.vector(LstmNetwork.OUTPUT, "b");
        this.vocabulary = outputBias.length;
        this.inputWeights = new float[layers][][];
        this.recurrentWeights = new float[layers][][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            inputWeights[l] = w.matrix(LstmNetwork.lstm(l), "W");
            recurrentWeights[l] = w.matrix(LstmNetwork.lstm(l), "RW");
            biases[l] = w.vector(LstmNetwork.lstm(l), "b");
        }
        // the first layer reads [symbol embedding, beat embedding]: each embedding row is folded into an input row
        // (embedding x input weights) the first time a step needs it, so loading costs no folding at all
        this.symbolEmbedding = w.matrix(LstmNetwork.SYMBOL_EMBEDDING, "W");
        this.beatEmbedding = w.matrix(LstmNetwork.BEAT_EMBEDDING, "W");
        this.firstLayerInput = inputWeights[0];
        this.folded = new float[symbolEmbedding.length + beatEmbedding.length][];
        inputWeights[0] = folded;
        this.noBeat = folded.length - 1;
    }

    private final float[][] symbolEmbedding;
    private final float[][] beatEmbedding;
    private final float[][] firstLayerInput;
    private final float[][] folded;

    /** Row {@code i} of the first layer's folded input: a symbol's, then a beat's embedding times the input weights. */
    private float[] inputRow(int i) {
        float[] row = folded[i];
        if (row == null) {
            row = i < symbolEmbedding.length ? times(symbolEmbedding[i], firstLayerInput, 0)
                    : times(beatEmbedding[i - symbolEmbedding.length], firstLayerInput, symbolEmbedding[0].length);
            folded[i] = row;
        }
        return row;
    }

    /** x times the rows {@code from .. from + x.length} of w. */
    private static float[] times(float[] x, float[][] w, int from) {
        float[] out = new float[w[0].length];
        for (int k = 0; k < x.length; k++) {
            float xk = x[k];
            float[] row = w[from + k];
            for (int j = 0; j < out.length; j++) {
                out[j] += xk * row[j];
            }
        }
        return out;
    }

    int hidden() {
        return hidden;
    }

    int layers() {
        return layers;
    }

    /**
     * Hidden and cell state of one stream, [layer][H], and its place in the text's beats (null where no beats are
     * read). Mutable; owned by its caller.
     */
    static final class Stream {
        final float[][] h;
        final float[][] c;
        Beats.Reader beat;

        Stream(int layers, int hidden) {
            h = new float[layers][hidden];
            c = new float[layers][hidden];
        }

        Stream copy() {
            Stream s = new Stream(h.length, h[0].length);
            for (int l = 0; l < h.length; l++) {
                System.arraycopy(h[l], 0, s.h[l], 0, h[l].length);
                System.arraycopy(c[l], 0, s.c[l], 0, c[l].length);
            }
            s.beat = beat == null ? null : beat.copy();
            return s;
        }

        boolean sameAs(Stream o) {
            return java.util.Arrays.deepEquals(h, o.h) && java.util.Arrays.deepEquals(c, o.c)
                    && java.util.Objects.equals(beat, o.beat);
        }
    }

    Stream newStream() {
        return new Stream(layers, hidden);
    }

    /** Scratch space for steps of up to {@code streams} streams at once; reuse it to avoid allocation. */
    final class Scratch {
        final float[][] gates;

        Scratch(int streams) {
            gates = new float[streams][4 * hidden];
        }
    }

    Scratch scratch(int streams) {
        return new Scratch(streams);
    }

    /**
     * Advances one stream by one symbol in a beat (-1: none); when {@code logProbs} is non-null, writes the
     * next-symbol log-probabilities there.
     */
    void step(Stream s, int symbol, int beat, float[] logProbs, Scratch scratch) {
        one[0] = s;
        oneSymbol[0] = symbol;
        oneBeat[0] = beat;
        oneProbs[0] = logProbs;
        steps(one, oneSymbol, oneBeat, 1, logProbs == null ? null : oneProbs, scratch);
    }

    private final Stream[] one = new Stream[1];
    private final int[] oneSymbol = new int[1];
    private final int[] oneBeat = new int[1];
    private final float[][] oneProbs = new float[1][];

    /**
     * Advances the first {@code n} streams by one symbol each, together: every weight row is read once for all of
     * them (candidates sampled side by side cost little more than one). With {@code logProbs}, writes each
     * stream's next-symbol log-probabilities.
     */
    void steps(Stream[] streams, int[] symbols, int[] beats, int n, float[][] logProbs, Scratch scratch) {
        int g4 = 4 * hidden;
        for (int l = 0; l < layers; l++) {
            float[] b = biases[l];
            float[][] w = inputWeights[l];
            for (int c = 0; c < n; c++) {
                float[] gates = scratch.gates[c];
                System.arraycopy(b, 0, gates, 0, g4);
                if (l == 0) {
                    float[] row = inputRow(symbols[c]); // the symbol's embedding times the input weights: a row lookup
                    for (int j = 0; j < g4; j++) {
                        gates[j] += row[j];
                    }
                    float[] beatRow = inputRow(beats[c] >= 0 ? vocabulary + beats[c] : noBeat); // the beat, the same way
                    for (int j = 0; j < g4; j++) {
                        gates[j] += beatRow[j];
                    }
                }
            }
            if (l > 0) {
                accumulate(streams, n, l - 1, w, scratch);
            }
            accumulate(streams, n, l, recurrentWeights[l], scratch);
            for (int c = 0; c < n; c++) {
                float[] gates = scratch.gates[c];
                float[] h = streams[c].h[l];
                float[] cell = streams[c].c[l];
                for (int j = 0; j < hidden; j++) {
                    float block = tanh(gates[j]);
                    float forget = sigmoid(gates[hidden + j]);
                    float output = sigmoid(gates[2 * hidden + j]);
                    float in = sigmoid(gates[3 * hidden + j]);
                    float next = forget * cell[j] + in * block;
                    cell[j] = next;
                    h[j] = output * tanh(next);
                }
            }
        }
        if (logProbs != null) {
            for (int c = 0; c < n; c++) {
                logSoftmaxOutput(streams[c].h[layers - 1], logProbs[c]);
            }
        }
    }

    /** gates[c] += h_c(layer) x weights, row by row, each row shared by all streams. */
    private void accumulate(Stream[] streams, int n, int layer, float[][] weights, Scratch scratch) {
        int g4 = 4 * hidden;
        for (int k = 0; k < hidden; k++) {
            float[] row = weights[k];
            for (int c = 0; c < n; c++) {
                float hk = streams[c].h[layer][k];
                if (hk == 0f) {
                    continue;
                }
                float[] gates = scratch.gates[c];
                for (int j = 0; j < g4; j++) {
                    gates[j] += hk * row[j];
                }
            }
        }
    }

    /**
     * The next-symbol log-probabilities (natural log): the logits less their log-sum-exp. Log-probabilities are
     * what both users need: a line's score adds them, and a draw at temperature T weighs a symbol by
     * exp(log p / T), so neither has to take a logarithm per symbol.
     */
    private void logSoftmaxOutput(float[] h, float[] out) {
        System.arraycopy(outputBias, 0, out, 0, vocabulary);
        for (int k = 0; k < hidden; k++) {
            float hk = h[k];
            float[] row = outputWeights[k];
            for (int j = 0; j < vocabulary; j++) {
                out[j] += hk * row[j];
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < vocabulary; j++) {
            max = Math.max(max, out[j]);
        }
        double sum = 0;
        for (int j = 0; j < vocabulary; j++) {
            float d = out[j] - max;
            if (d > NEGLIGIBLE) { // a symbol e^-20 below the likeliest adds nothing a float could hold; no exp for it
                sum += (float) exp(d);
            }
        }
        float shift = (float) (max + StrictMath.log(sum));
        for (int j = 0; j < vocabulary; j++) {
            out[j] -= shift;
        }
    }

    /**
     * e^x to within 1e-11 relative (generation needs float precision), in plain double arithmetic, so the same
     * bits on every platform and JIT. Faster than {@link StrictMath#exp}, which was over half of a sampled piece's
     * time (the softmax, the gates and the draw each take an exp per symbol or unit). x = (32k + j) ln 2 / 32 + r
     * with |r| <= ln 2 / 64; e^x = 2^k 2^(j/32) e^r, with 2^(j/32) from a table (StrictMath.pow, the same bits
     * everywhere) and e^r by its Taylor series to r^4.
     */
    static double exp(double x) {
        if (!(x < 708)) {
            return x != x ? x : Double.POSITIVE_INFINITY;
        }
        if (x < -708) {
            return 0;
        }
        double n = Math.rint(x * 46.16624130844683); // 32 / ln 2
        double r = (x - n * 0.021660834550857544) - n * 1.4841640746249274e-08; // ln 2 / 32: high part (exact times n), low part
        long in = (long) n;
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24))));
        return p * TWO_TO_J_32[(int) (in & 31)] * Double.longBitsToDouble(((in >> 5) + 1023) << 52);
    }

    /** 2^(j/32) for j = 0..31. */
    private static final double[] TWO_TO_J_32 = new double[32];

    static {
        for (int j = 0; j < 32; j++) {
            TWO_TO_J_32[j] = StrictMath.pow(2, j / 32.0);
        }
    }

    /** Log-probability differences below this are left out of sums of probabilities (e^-20 = 2e-9). */
    static final float NEGLIGIBLE = -20f;

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + exp(-x)));
    }

    /** tanh through exp (Math.tanh is several times slower here; StrictMath for the same bits everywhere). */
    private static float tanh(float x) {
        if (x > 20f) {
            return 1f;
        }
        if (x < -20f) {
            return -1f;
        }
        double e = exp(2.0 * x);
        return (float) ((e - 1.0) / (e + 1.0));
    }
}
