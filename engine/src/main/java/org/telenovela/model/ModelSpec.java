package org.telenovela.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The shape and training hyper-parameters of a character LSTM.
 *
 * @param layers       stacked LSTM layers
 * @param hiddenSize   units per LSTM layer
 * @param tbpttLength  truncated back-propagation length, in symbols (characters or subword pieces)
 * @param learningRate Adam learning rate
 * @param seed         weight initialisation seed
 * @param merges       subword merges learned from the corpus (see {@link SubwordLearner}); 0: a character-level model
 * @param dropout      share of each layer's input units dropped in training (0: none); generation never drops
 * @param carryState   whether each training window of a scene starts from the LSTM state the scene's previous window
 *                     ended with (stateful truncated BPTT), as generation reads a scene whole; else from a blank state.
 *                     Held-out figures then read each scene whole too. One-layer models only ({@link LstmGradients})
 */
public record ModelSpec(int layers, int hiddenSize, int tbpttLength, double learningRate, long seed, int merges,
                        double dropout, boolean carryState) {
    @JsonCreator
    public ModelSpec {
        require(layers >= 1 && layers <= 4, "layers must be 1..4, got " + layers);
        require(hiddenSize >= 4 && hiddenSize <= 2048, "hiddenSize must be 4..2048, got " + hiddenSize);
        require(tbpttLength >= 8 && tbpttLength <= 1000, "tbpttLength must be 8..1000, got " + tbpttLength);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
        require(merges >= 0 && merges <= 8000, "merges must be 0..8000, got " + merges);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(!carryState || layers == 1, "carryState trains one-layer models only, got layers = " + layers);
    }

    /** Windows from a blank state (model files written before carryState existed read as this). */
    public ModelSpec(int layers, int hiddenSize, int tbpttLength, double learningRate, long seed, int merges,
                     double dropout) {
        this(layers, hiddenSize, tbpttLength, learningRate, seed, merges, dropout, false);
    }

    /** Without dropout (model files written before dropout existed read as this). */
    public ModelSpec(int layers, int hiddenSize, int tbpttLength, double learningRate, long seed, int merges) {
        this(layers, hiddenSize, tbpttLength, learningRate, seed, merges, 0, false);
    }

    /** A character-level model. */
    public ModelSpec(int layers, int hiddenSize, int tbpttLength, double learningRate, long seed) {
        this(layers, hiddenSize, tbpttLength, learningRate, seed, 0, 0, false);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
