package org.telenovela.model;

/**
 * The shape and training hyper-parameters of a character LSTM.
 *
 * @param layers       stacked LSTM layers
 * @param hiddenSize   units per LSTM layer
 * @param tbpttLength  truncated back-propagation length, in characters
 * @param learningRate Adam learning rate
 * @param seed         weight initialisation seed
 */
public record ModelSpec(int layers, int hiddenSize, int tbpttLength, double learningRate, long seed) {
    public ModelSpec {
        require(layers >= 1 && layers <= 4, "layers must be 1..4, got " + layers);
        require(hiddenSize >= 4 && hiddenSize <= 2048, "hiddenSize must be 4..2048, got " + hiddenSize);
        require(tbpttLength >= 8 && tbpttLength <= 1000, "tbpttLength must be 8..1000, got " + tbpttLength);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
