package org.telenovela.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Text cut into fixed-length windows for training, each label position either counted in the loss or masked
 * out. Masking is how a fine-tune learns to answer in context: the other characters' lines are read as input
 * but only the character's own lines are predicted.
 */
public final class TrainingSet {
    /** A text and, per character, whether predicting that character counts in the loss. */
    public record MaskedText(String text, boolean[] counts) {
        public static MaskedText all(String text) {
            boolean[] c = new boolean[text.length()];
            java.util.Arrays.fill(c, true);
            return new MaskedText(text, c);
        }
    }

    /**
     * ids has one more entry than target: target[t] says whether predicting ids[t+1] from ids[..t] counts;
     * beats[t] is the beat input beside ids[t] (-1: none).
     */
    record Window(int[] ids, int[] beats, boolean[] target) {
    }

    private final Vocabulary vocabulary;
    private final Beats beats;
    private final int length;
    private final List<Window> windows;
    private final long targets;
    private final long inputs;
    private final Map<Character, Integer> unknown;

    private TrainingSet(Vocabulary vocabulary, Beats beats, int length, List<Window> windows, Map<Character, Integer> unknown) {
        this.vocabulary = vocabulary;
        this.beats = beats;
        this.length = length;
        this.windows = windows;
        this.unknown = unknown;
        long t = 0;
        long in = 0;
        for (Window w : windows) {
            in += w.target().length;
            for (boolean b : w.target()) {
                t += b ? 1 : 0;
            }
        }
        this.targets = t;
        this.inputs = in;
    }

    /**
     * Cuts each text into windows of {@code length} predictions (windows never cross texts); windows with no
     * counted target are dropped. Characters outside the vocabulary are left out and counted. No beat inputs.
     */
    public static TrainingSet of(Vocabulary vocabulary, List<MaskedText> texts, int length) {
        return of(vocabulary, Beats.NONE, texts, length);
    }

    /**
     * As {@link #of(Vocabulary, List, int)}, with each symbol's beat input read from the text's control codes by
     * a {@link Beats.Reader} from the start of the text, as generation reads them.
     */
    public static TrainingSet of(Vocabulary vocabulary, Beats beats, List<MaskedText> texts, int length) {
        List<Window> windows = new ArrayList<>();
        Map<Character, Integer> unknown = new TreeMap<>();
        for (MaskedText mt : texts) {
            int[] ids = new int[mt.text().length()];
            int[] beatIds = new int[ids.length];
            boolean[] counts = new boolean[ids.length];
            Beats.Reader reader = beats.reader();
            int n = 0;
            for (int i = 0; i < mt.text().length(); i++) {
                char c = mt.text().charAt(i);
                var k = vocabulary.indexOf(c);
                if (k.isEmpty()) {
                    unknown.merge(c, 1, Integer::sum);
                    continue;
                }
                ids[n] = k.getAsInt();
                beatIds[n] = reader.next(c);
                counts[n++] = mt.counts()[i];
            }
            for (int start = 0; start + 1 < n; start += length) {
                int end = Math.min(start + length, n - 1); // last prediction index (exclusive) + 1
                int[] w = java.util.Arrays.copyOfRange(ids, start, end + 1);
                int[] wb = java.util.Arrays.copyOfRange(beatIds, start, end + 1);
                boolean[] target = java.util.Arrays.copyOfRange(counts, start + 1, end + 1);
                boolean any = false;
                for (boolean b : target) {
                    any |= b;
                }
                if (any) {
                    windows.add(new Window(w, wb, target));
                }
            }
        }
        return new TrainingSet(vocabulary, beats, length, List.copyOf(windows), Collections.unmodifiableMap(unknown));
    }

    public int windows() {
        return windows.size();
    }

    /** Characters whose prediction counts in the loss. */
    public long targetChars() {
        return targets;
    }

    /** Characters read as input (what a pass over the set costs). */
    public long inputChars() {
        return inputs;
    }

    /** Characters that were not in the vocabulary, with counts (reported by training, never dropped silently). */
    public Map<Character, Integer> unknown() {
        return unknown;
    }

    /** Minibatches in an order fixed by {@code shuffleSeed}. */
    public List<DataSet> batches(int batchSize, long shuffleSeed) {
        List<Window> order = new ArrayList<>(windows);
        Collections.shuffle(order, new Random(shuffleSeed));
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            out.add(toDataSet(order.subList(from, Math.min(from + batchSize, order.size()))));
        }
        return out;
    }

    /** Minibatches in corpus order (for evaluation). */
    public List<DataSet> inOrder(int batchSize) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += batchSize) {
            out.add(toDataSet(windows.subList(from, Math.min(from + batchSize, windows.size()))));
        }
        return out;
    }

    private DataSet toDataSet(List<Window> batch) {
        int b = batch.size();
        int v = vocabulary.size();
        int in = v + beats.size();
        int t = length;
        float[] features = new float[b * in * t];
        float[] labels = new float[b * v * t];
        float[] featureMask = new float[b * t];
        float[] labelMask = new float[b * t];
        for (int i = 0; i < b; i++) {
            Window w = batch.get(i);
            for (int s = 0; s < w.target().length; s++) {
                features[(i * in + w.ids()[s]) * t + s] = 1f;
                if (w.beats()[s] >= 0) {
                    features[(i * in + v + w.beats()[s]) * t + s] = 1f;
                }
                labels[(i * v + w.ids()[s + 1]) * t + s] = 1f;
                featureMask[i * t + s] = 1f;
                labelMask[i * t + s] = w.target()[s] ? 1f : 0f;
            }
        }
        INDArray f = Nd4j.create(features, new long[]{b, in, t}, DataType.FLOAT);
        INDArray l = Nd4j.create(labels, new long[]{b, v, t}, DataType.FLOAT);
        INDArray fm = Nd4j.create(featureMask, new long[]{b, t}, DataType.FLOAT);
        INDArray lm = Nd4j.create(labelMask, new long[]{b, t}, DataType.FLOAT);
        return new DataSet(f, l, fm, lm);
    }
}
