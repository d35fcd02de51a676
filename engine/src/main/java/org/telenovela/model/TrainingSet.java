package org.telenovela.model;

import org.telenovela.corpus.MaskedText;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
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
 *
 * <p>A set that carries state ({@link ModelSpec#carryState}) keeps every window of a text with at least one counted
 * target, and hands them out as streams: each minibatch row continues a text where the same row of the previous
 * minibatch left it, so that training can start each window from the state the previous one ended with.
 */
public final class TrainingSet {
    /**
     * ids has one more entry than target: target[t] says whether predicting ids[t+1] from ids[..t] counts;
     * beats[t] is the beat input beside ids[t] (-1: none); chars[t] is how many characters ids[t+1] covers.
     */
    record Window(int[] ids, int[] beats, boolean[] target, int[] chars, boolean first) {
    }

    /**
     * A minibatch, and for each of its rows whether it continues the window the same row of the previous minibatch
     * read (row i of every minibatch is stream i; only an epoch's last minibatch has fewer rows); a set that does not
     * carry state never continues.
     */
    public record Batch(MultiDataSet data, boolean[] continues) {
    }

    private final Vocabulary vocabulary;
    private final Beats beats;
    private final int length;
    private final List<Window> windows;
    private final boolean carryState;
    private final long targets;
    private final long inputs;
    private final long targetChars;
    private final long inputChars;
    private final Map<Character, Integer> unknown;

    private TrainingSet(Vocabulary vocabulary, Beats beats, int length, List<Window> windows, boolean carryState,
                        Map<Character, Integer> unknown) {
        this.vocabulary = vocabulary;
        this.beats = beats;
        this.length = length;
        this.windows = windows;
        this.carryState = carryState;
        this.unknown = unknown;
        long t = 0;
        long in = 0;
        long tc = 0;
        long ic = 0;
        for (Window w : windows) {
            in += w.target().length;
            for (int i = 0; i < w.target().length; i++) {
                t += w.target()[i] ? 1 : 0;
                tc += w.target()[i] ? w.chars()[i] : 0;
                ic += w.chars()[i];
            }
        }
        this.targets = t;
        this.inputs = in;
        this.targetChars = tc;
        this.inputChars = ic;
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
        return of(vocabulary, beats, texts, length, false);
    }

    /**
     * As {@link #of(Vocabulary, Beats, List, int)}; with {@code carryState}, every window of a text with a counted
     * target is kept (a window with none still brings its state to the next) and {@link #batches} hands out streams.
     */
    public static TrainingSet of(Vocabulary vocabulary, Beats beats, List<MaskedText> texts, int length, boolean carryState) {
        List<Window> windows = new ArrayList<>();
        Map<Character, Integer> unknown = new TreeMap<>();
        for (MaskedText mt : texts) {
            Vocabulary.Encoded encoded = vocabulary.encode(mt.text());
            encoded.unknown().forEach((c, k) -> unknown.merge(c, k, Integer::sum));
            int[] ids = encoded.ids();
            int n = ids.length;
            int[] beatIds = new int[n];
            boolean[] counts = new boolean[n];
            int[] chars = new int[n];
            Beats.Reader reader = beats.reader();
            for (int i = 0; i < n; i++) {
                String piece = vocabulary.piece(ids[i]);
                beatIds[i] = reader.next(piece);
                // a piece counts when its first character does (pieces never cross a line's control code)
                counts[i] = mt.counts()[encoded.starts()[i]];
                chars[i] = piece.length();
            }
            List<Window> ofText = new ArrayList<>();
            boolean anyInText = false;
            for (int start = 0; start + 1 < n; start += length) {
                int end = (int) Math.min((long) start + length, n - 1); // last prediction index (exclusive) + 1
                int[] w = java.util.Arrays.copyOfRange(ids, start, end + 1);
                int[] wb = java.util.Arrays.copyOfRange(beatIds, start, end + 1);
                boolean[] target = java.util.Arrays.copyOfRange(counts, start + 1, end + 1);
                int[] covered = java.util.Arrays.copyOfRange(chars, start + 1, end + 1);
                boolean any = false;
                for (boolean b : target) {
                    any |= b;
                }
                anyInText |= any;
                if (any || carryState) {
                    ofText.add(new Window(w, wb, target, covered, start == 0));
                }
            }
            if (anyInText) {
                windows.addAll(ofText);
            }
        }
        return new TrainingSet(vocabulary, beats, length, List.copyOf(windows), carryState, Collections.unmodifiableMap(unknown));
    }

    /** Whether {@link #batches} hands out streams whose windows continue one another. */
    public boolean carriesState() {
        return carryState;
    }

    public int windows() {
        return windows.size();
    }

    /** Characters whose prediction counts in the loss. */
    public long targetChars() {
        return targetChars;
    }

    /** Characters read as input (what a pass over the set costs, in characters). */
    public long inputChars() {
        return inputChars;
    }

    /** Symbols (characters or pieces) whose prediction counts in the loss. */
    public long targetSymbols() {
        return targets;
    }

    /** Symbols read as input: the steps a pass over the set takes. */
    public long inputSymbols() {
        return inputs;
    }

    /** The characters each counted target covers, in the order of {@link #inOrder}, row by row (for bits per character). */
    List<int[]> coveredInOrder() {
        List<int[]> out = new ArrayList<>();
        for (Window w : windows) {
            out.add(w.chars());
        }
        return out;
    }

    /** Characters that were not in the vocabulary, with counts (reported by training, never dropped silently). */
    public Map<Character, Integer> unknown() {
        return unknown;
    }

    /**
     * Minibatches in an order fixed by {@code shuffleSeed}: the windows shuffled; or, for a set that carries state,
     * the texts shuffled, their windows one after another, cut into {@code batchSize} streams of equal length (give
     * or take one), minibatch k holding the k-th window of every stream that has one. Equal streams keep every
     * minibatch but the last full: texts dealt out whole left the last minibatches of each epoch with a few rows,
     * whose noisy steps moved the held-out figure by up to 0.05 from one epoch to the next.
     */
    public List<Batch> batches(int batchSize, long shuffleSeed) {
        List<Batch> out = new ArrayList<>();
        if (!carryState) {
            List<Window> order = new ArrayList<>(windows);
            Collections.shuffle(order, new Random(shuffleSeed));
            for (int from = 0; from < order.size(); from += batchSize) {
                List<Window> batch = order.subList(from, Math.min(from + batchSize, order.size()));
                out.add(new Batch(toDataSet(batch, length), new boolean[batch.size()]));
            }
            return out;
        }
        List<List<Window>> texts = new ArrayList<>();
        for (Window w : windows) {
            if (w.first()) {
                texts.add(new ArrayList<>());
            }
            texts.get(texts.size() - 1).add(w);
        }
        Collections.shuffle(texts, new Random(shuffleSeed));
        List<Window> order = new ArrayList<>();
        texts.forEach(order::addAll);
        int streams = Math.min(batchSize, order.size());
        // stream i: q windows, one more for the first r, so that only the last minibatch is short (streams 0..r-1)
        int q = order.size() / streams;
        int r = order.size() % streams;
        for (int k = 0; k < q + (r > 0 ? 1 : 0); k++) {
            int rows = k < q ? streams : r;
            List<Window> batch = new ArrayList<>(rows);
            boolean[] continues = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                Window w = order.get(i * q + Math.min(i, r) + k);
                batch.add(w);
                continues[i] = k > 0 && !w.first(); // a stream's first window starts blank, even in the middle of a text
            }
            out.add(new Batch(toDataSet(batch, length), continues));
        }
        return out;
    }

    /**
     * Minibatches in corpus order (for evaluation), each as long as its longest window: a set of whole texts
     * (windows longer than any text) reads each text in one sequence.
     */
    public List<MultiDataSet> inOrder(int batchSize) {
        List<MultiDataSet> out = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += batchSize) {
            List<Window> batch = windows.subList(from, Math.min(from + batchSize, windows.size()));
            out.add(toDataSet(batch, batch.stream().mapToInt(w -> w.target().length).max().orElse(1)));
        }
        return out;
    }

    /** The longest window's predictions. */
    int longestWindow() {
        return windows.stream().mapToInt(w -> w.target().length).max().orElse(1);
    }

    /**
     * Inputs are indices (the symbol, and the beat with {@code beats.size()} for "no beat"), as {@link LstmNetwork}'s
     * embeddings read them; labels are the next symbol's index (sparse cross-entropy).
     */
    private MultiDataSet toDataSet(List<Window> batch, int t) {
        int b = batch.size();
        int none = beats.size();
        float[] symbols = new float[b * t];
        float[] beatIds = new float[b * t];
        float[] labels = new float[b * t];
        float[] featureMask = new float[b * t];
        float[] labelMask = new float[b * t];
        for (int i = 0; i < b; i++) {
            Window w = batch.get(i);
            for (int s = 0; s < t; s++) {
                beatIds[i * t + s] = none;
            }
            for (int s = 0; s < w.target().length; s++) {
                symbols[i * t + s] = w.ids()[s];
                beatIds[i * t + s] = w.beats()[s] >= 0 ? w.beats()[s] : none;
                labels[i * t + s] = w.ids()[s + 1];
                featureMask[i * t + s] = 1f;
                labelMask[i * t + s] = w.target()[s] ? 1f : 0f;
            }
        }
        INDArray f = Nd4j.create(symbols, new long[]{b, 1, t}, DataType.FLOAT);
        INDArray fb = Nd4j.create(beatIds, new long[]{b, 1, t}, DataType.FLOAT);
        INDArray l = Nd4j.create(labels, new long[]{b, 1, t}, DataType.FLOAT);
        INDArray fm = Nd4j.create(featureMask, new long[]{b, t}, DataType.FLOAT);
        INDArray lm = Nd4j.create(labelMask, new long[]{b, t}, DataType.FLOAT);
        return new MultiDataSet(new INDArray[]{f, fb}, new INDArray[]{l}, new INDArray[]{fm, fm.dup()}, new INDArray[]{lm});
    }
}
