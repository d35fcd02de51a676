package org.telenovela.model;

/**
 * What a model file says about itself, stored beside the network in the same file.
 *
 * @param format             always {@link #FORMAT}; anything else is a foreign file
 * @param name               the character id, or {@code base} for the shared base model
 * @param spec               network shape and training hyper-parameters
 * @param vocabulary         the symbols, in index order
 * @param corpusChecksum     SHA-256 of the training text this model saw (hex)
 * @param epochs             epochs trained (for a fine-tune: fine-tune epochs)
 * @param finalLoss          mean training loss of the last epoch, nats per character
 * @param heldOutBitsPerChar bits per character on held-out lines (own lines for a fine-tune), or null
 * @param trainedFrom        name of the model this one was fine-tuned from, or null for a base model
 */
public record ModelInfo(String format, String name, ModelSpec spec, String vocabulary, String corpusChecksum,
                        int epochs, double finalLoss, Double heldOutBitsPerChar, String trainedFrom) {
    public static final String FORMAT = "telenovela-character-lstm/1";

    public ModelInfo withTraining(String corpusChecksum, int epochs, double finalLoss, Double heldOut, String from) {
        return new ModelInfo(format, name, spec, vocabulary, corpusChecksum, epochs, finalLoss, heldOut, from);
    }

    public ModelInfo named(String newName) {
        return new ModelInfo(format, newName, spec, vocabulary, corpusChecksum, epochs, finalLoss, heldOutBitsPerChar, trainedFrom);
    }
}
