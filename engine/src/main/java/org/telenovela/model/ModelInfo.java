package org.telenovela.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model file says about itself, stored beside the network in the same file.
 *
 * @param format             always {@link #FORMAT}; anything else is a foreign file
 * @param name               the character id, or {@code base} for the shared base model
 * @param spec               network shape and training hyper-parameters
 * @param vocabulary         the symbols, in index order
 * @param beats              the beat codes given as inputs beside the symbols, in index order (see {@link Beats})
 * @param corpusChecksum     SHA-256 of the training text this model saw (hex)
 * @param epochs             epochs trained (for a fine-tune: fine-tune epochs)
 * @param finalLoss          mean training loss of the last epoch, nats per character
 * @param heldOutBitsPerChar bits per character on held-out lines (own lines for a fine-tune), or null
 * @param trainedFrom        name of the model this one was fine-tuned from, or null for a base model
 * @param history            per-epoch figures of this model's own training (empty for files written before it existed)
 * @param merges             the subword merges on top of {@code vocabulary} (empty: a character-level model)
 */
public record ModelInfo(String format, String name, ModelSpec spec, String vocabulary, List<String> beats, String corpusChecksum,
                        int epochs, double finalLoss, Double heldOutBitsPerChar, String trainedFrom, List<Epoch> history,
                        List<Vocabulary.Merge> merges) {
    public static final String FORMAT = "telenovela-character-lstm/2";
    /** Files of the first format had one-hot inputs in a plain layer stack; they must be trained again. */
    public static final String OLD_FORMAT = "telenovela-character-lstm/1";

    /** One epoch: training loss in nats per character, held-out bits per character (null when nothing is held out). */
    public record Epoch(int epoch, double loss, Double heldOutBitsPerChar) {
    }

    public ModelInfo {
        history = history == null ? List.of() : List.copyOf(history);
        beats = beats == null ? List.of() : List.copyOf(beats);
        merges = merges == null ? List.of() : List.copyOf(merges);
    }

    /** This model after one more epoch of training. */
    public ModelInfo afterEpoch(String corpusChecksum, int epoch, double loss, Double heldOut, String from) {
        List<Epoch> h = new ArrayList<>(from != null && !java.util.Objects.equals(from, trainedFrom) ? List.of() : history);
        h.add(new Epoch(epoch, loss, heldOut));
        return new ModelInfo(format, name, spec, vocabulary, beats, corpusChecksum, epoch, loss, heldOut, from, h, merges);
    }

    public ModelInfo named(String newName) {
        return new ModelInfo(format, newName, spec, vocabulary, beats, corpusChecksum, epochs, finalLoss, heldOutBitsPerChar, trainedFrom, history, merges);
    }
}
