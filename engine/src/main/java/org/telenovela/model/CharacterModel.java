package org.telenovela.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.telenovela.InvalidInputException;
import org.telenovela.corpus.Words;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One character's voice: a character-level LSTM, its vocabulary and what it knows about its own training.
 *
 * <p>The network keeps a hidden state between calls ("what the character has heard so far"). Listening
 * advances it with {@link #prime}; {@link #sample} draws candidate lines from it and leaves it exactly as it
 * was. An instance is not thread-safe: each belongs to one actor.
 */
public final class CharacterModel {
    private final ComputationGraph network; // null for a model loaded for generation only
    private final PlainWeights generationWeights; // the weights of such a model
    private final Vocabulary vocabulary;
    private final Beats beats;
    private ModelInfo info;
    // the words and their trie are built on first use: for six models that was a quarter of loading them, and a
    // scene's first line needs only its speaker's
    private Collection<String> wordSource = List.of();
    private Set<String> words;
    private KnownWords.Pieces known; // null: no constraint
    private boolean knownBuilt;

    CharacterModel(ComputationGraph network, Vocabulary vocabulary, Beats beats, ModelInfo info) {
        this(network, null, vocabulary, beats, info);
    }

    /** A model for generation only (see {@link #loadForGeneration}): plain weights, no DL4J network. */
    CharacterModel(PlainWeights weights, Vocabulary vocabulary, Beats beats, ModelInfo info) {
        this(null, weights, vocabulary, beats, info);
    }

    private CharacterModel(ComputationGraph network, PlainWeights weights, Vocabulary vocabulary, Beats beats, ModelInfo info) {
        this.network = network;
        this.generationWeights = weights;
        this.vocabulary = vocabulary;
        this.beats = beats;
        this.info = info;
    }

    /** A freshly initialised (untrained) network of the given shape, without beat inputs. See {@link LstmNetwork}. */
    public static CharacterModel create(String name, ModelSpec spec, Vocabulary vocabulary) {
        return create(name, spec, vocabulary, Beats.NONE);
    }

    /**
     * A freshly initialised (untrained) network of the given shape; its input is one symbol of the vocabulary and
     * one of the {@code beats} (see {@link Beats}) at every step, its output the next symbol.
     */
    public static CharacterModel create(String name, ModelSpec spec, Vocabulary vocabulary, Beats beats) {
        ComputationGraph net = LstmNetwork.create(spec, vocabulary.size(), beats.size());
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, name, spec, vocabulary.symbols(), beats.names(), null, 0, Double.NaN,
                null, null, List.of(), vocabulary.merges());
        return new CharacterModel(net, vocabulary, beats, info);
    }

    /** A deep copy (parameters and updater state) under another name, e.g. the base model to fine-tune. */
    public CharacterModel copyAs(String name) {
        CharacterModel copy = new CharacterModel(network().clone(), vocabulary, beats, info.named(name));
        copy.wordSource = wordSource;
        return copy;
    }

    /**
     * The words of the text this model was trained on (see {@link Words}), saved in its file: what the character
     * knows to be a word. Empty for a model that does not know (then no line has an unknown word).
     */
    public synchronized Set<String> words() {
        if (words == null) {
            words = Collections.unmodifiableSet(new TreeSet<>(wordSource));
        }
        return words;
    }

    public synchronized void setWords(Collection<String> trainedOn) {
        this.wordSource = List.copyOf(trainedOn);
        this.words = null;
        this.knownBuilt = false;
    }

    /** The known words over this model's pieces, or null when it knows no words. */
    private synchronized KnownWords.Pieces known() {
        if (!knownBuilt) {
            known = words().isEmpty() ? null : new KnownWords(words()).over(vocabulary);
            knownBuilt = true;
        }
        return known;
    }

    /**
     * The share of the words of {@code text} that the model never saw in training: made-up words. 0 for a text
     * without words, and for a model that knows no words at all.
     */
    public double unknownWordShare(String text) {
        List<String> said = Words.of(text);
        Set<String> words = words();
        if (words.isEmpty() || said.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (String w : said) {
            n += words.contains(w) ? 0 : 1;
        }
        return n / (double) said.size();
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The beats given to the network as inputs (none for a model trained without them). */
    public Beats beats() {
        return beats;
    }

    public ModelInfo info() {
        return info;
    }

    /** Records what an epoch of training did, for the model file to carry. */
    public void recordTraining(String corpusChecksum, int epochs, double finalLoss, Double heldOutBitsPerChar, String trainedFrom) {
        this.info = info.afterEpoch(corpusChecksum, epochs, finalLoss, heldOutBitsPerChar, trainedFrom);
    }

    /** Changes the optimiser's learning rate, e.g. a gentler one for fine-tuning a copy of the base. */
    public void setLearningRate(double rate) {
        network().setLearningRate(rate);
    }

    /** The DL4J network (training, evaluation); a model loaded for generation only has none. */
    ComputationGraph network() {
        if (network == null) {
            throw new IllegalStateException(info.name() + " was loaded for generation only (no DL4J network)");
        }
        return network;
    }

    // ---------------------------------------------------------------- files

    /**
     * Writes the trained model (without updater state) to one file, atomically: temp file, then rename. The file holds
     * the weights as float16 (see {@link ModelFile}), and the weights in memory are rounded to them first, so that
     * this model (a base that fine-tunes start from, say) is the one in the file, on any run, resumed or not.
     */
    public void save(Path file) throws IOException {
        INDArray params = network().params();
        float[] flat = params.toFloatVector();
        for (int i = 0; i < flat.length; i++) {
            flat[i] = Float16.round(flat[i]);
        }
        params.assign(Nd4j.create(flat, params.shape(), params.ordering()));
        weightsChanged();
        ModelFile.save(this, file, false);
    }

    /**
     * Writes the model; with {@code withUpdater} a checkpoint that resumes exactly: float32 weights, unchanged, and the
     * Adam state; without, as {@link #save(Path)}.
     */
    public void save(Path file, boolean withUpdater) throws IOException {
        if (withUpdater) {
            ModelFile.save(this, file, true);
        } else {
            save(file);
        }
    }

    /**
     * Reads a model file written by {@link #save}. Anything else (missing, truncated, corrupt, a foreign zip, an
     * entry that tries to escape with {@code ..}) is an {@link InvalidInputException} naming the file.
     */
    public static CharacterModel load(Path file) {
        return ModelFile.load(file, false);
    }

    public static CharacterModel load(Path file, boolean withUpdater) {
        return ModelFile.load(file, withUpdater);
    }

    /**
     * Reads a model file for generation only: the plain-Java forward pass's weights, without building a DL4J
     * network or starting ND4J (a scene starts in a fraction of the time). Training and evaluation need {@link #load}.
     */
    public static CharacterModel loadForGeneration(Path file) {
        return ModelFile.loadForGeneration(file);
    }

    /** Whether every parameter is a finite number (training that went to NaN or infinity is not). */
    public boolean isFinite() {
        return Double.isFinite(network().params().sumNumber().doubleValue());
    }

    /** Parameters as one flat vector, e.g. to compare two models. */
    public INDArray parameters() {
        return network().params();
    }

    // ---------------------------------------------------------------- state

    private LstmInference inference;
    private LstmInference.Scratch scratch;
    private LstmInference.Stream listening; // null: has heard nothing

    /** The generation forward pass over the current weights, rebuilt after training changed them. */
    private LstmInference inference() {
        if (inference == null) {
            inference = network != null ? new LstmInference(network) : new LstmInference(generationWeights);
            scratch = inference.scratch(1);
        }
        return inference;
    }

    /** Training changed the weights: the next generation call must read them again. */
    void weightsChanged() {
        inference = null;
    }

    public LstmState saveState() {
        return new LstmState(listening == null ? null : listening.copy());
    }

    public void restoreState(LstmState state) {
        listening = state.stream() == null ? null : state.stream().copy();
    }

    /** Forget everything heard: the state a freshly loaded model has. */
    public void clearState() {
        listening = null;
    }

    // ---------------------------------------------------------------- listening and speaking

    /** Advances the hidden state over {@code text}: what the character hears. */
    public void listen(String text) {
        listenFor(text);
    }

    /**
     * {@link #listen}, and the distribution for the symbol that follows (probabilities, as DL4J's softmax gives
     * them), or null if nothing could be encoded.
     */
    public float[] prime(String text) {
        float[] logProbs = listenFor(text);
        if (logProbs == null) {
            return null;
        }
        float[] probs = new float[logProbs.length];
        for (int k = 0; k < probs.length; k++) {
            probs[k] = (float) StrictMath.exp(logProbs[k]);
        }
        return probs;
    }

    /** Advances the listening state over {@code text}; the next-symbol log-probabilities, or null. */
    private float[] listenFor(String text) {
        inference();
        if (listening == null) {
            listening = newStream();
        }
        return advance(listening, text);
    }

    private LstmInference.Stream newStream() {
        LstmInference.Stream s = inference().newStream();
        s.beat = beats.reader();
        return s;
    }

    /** Steps the stream over text, each symbol with its beat; returns the next-symbol log-probabilities, or null if no symbol. */
    private float[] advance(LstmInference.Stream stream, String text) {
        float[] logProbs = new float[vocabulary.size()];
        int last = -1;
        int lastBeat = -1;
        // as in training, what the vocabulary lacks is not heard
        for (int k : vocabulary.encode(text).ids()) {
            if (last >= 0) {
                inference.step(stream, last, lastBeat, null, scratch);
            }
            last = k;
            lastBeat = stream.beat.next(vocabulary.piece(k));
        }
        if (last < 0) {
            return null;
        }
        inference.step(stream, last, lastBeat, logProbs, scratch);
        return logProbs;
    }

    private LstmInference.Stream listeningCopy() {
        return listening == null ? newStream() : listening.copy();
    }

    /** Chooses a stream's next symbol from its next-symbol log-probabilities. */
    private interface Pick {
        int next(int stream, float[] logProbs);
    }

    /**
     * Steps {@code n} streams from {@code start}, side by side, position by position (so random draws come in a
     * fixed order, and every weight row is read once for all of them): {@code pick} gives each stream's next
     * symbol, whose log-probability is added to {@code logProb}; the end of line ends a stream, any other symbol
     * is fed to it. Sampling and scoring are both this walk.
     */
    private void walk(LstmInference.Stream start, float[] first, int n, Pick pick, double[] logProb) {
        LstmInference lstm = inference();
        LstmInference.Stream[] streams = new LstmInference.Stream[n];
        float[][] logProbs = new float[n][];
        boolean[] done = new boolean[n];
        for (int c = 0; c < n; c++) {
            streams[c] = c == 0 ? start : start.copy();
            logProbs[c] = first.clone();
        }
        int eol = vocabulary.endOfLine();
        LstmInference.Scratch batch = lstm.scratch(Math.max(1, n));
        LstmInference.Stream[] active = new LstmInference.Stream[n];
        int[] symbols = new int[n];
        int[] beatInputs = new int[n];
        float[][] activeLogProbs = new float[n][];
        while (true) {
            int open = 0;
            for (int c = 0; c < n; c++) {
                if (done[c]) {
                    continue;
                }
                int k = pick.next(c, logProbs[c]);
                logProb[c] += Math.max(logProbs[c][k], LOG_FLOOR);
                if (k == eol) {
                    done[c] = true;
                } else {
                    active[open] = streams[c];
                    symbols[open] = k;
                    beatInputs[open] = streams[c].beat.next(vocabulary.piece(k));
                    activeLogProbs[open++] = logProbs[c];
                }
            }
            if (open == 0) {
                return;
            }
            lstm.steps(active, symbols, beatInputs, open, activeLogProbs, batch);
        }
    }

    /**
     * Samples {@code settings.candidates()} lines after {@code prompt}, one stream per candidate, all starting
     * from the listening state, which is left exactly as it was. Decoding keeps to the model's known words.
     */
    public List<SampledLine> sample(String prompt, SamplingSettings settings, SplittableRandom random) {
        KnownWords.Pieces known = known();
        LstmInference.Stream start = listeningCopy();
        float[] first = advance(start, prompt);
        if (first == null) {
            throw new IllegalArgumentException("empty prompt");
        }
        int n = settings.candidates();
        StringBuilder[] text = new StringBuilder[n];
        int[] word = new int[n]; // where each candidate stands in the known words (see KnownWords)
        for (int c = 0; c < n; c++) {
            text[c] = new StringBuilder();
            word[c] = KnownWords.OUTSIDE;
        }
        Sampler sampler = new Sampler(settings, vocabulary.size());
        int eol = vocabulary.endOfLine();
        double[] logProb = new double[n];
        boolean[] allowed = new boolean[vocabulary.size()];
        walk(start, first, n, (c, logProbs) -> {
            if (text[c].length() >= settings.maxLength()) {
                return eol;
            }
            int state = word[c];
            allowedAfter(known, state, allowed);
            int k = sampler.drawLog(logProbs, random, allowed);
            if (k < 0 || k == eol) {
                return eol;
            }
            text[c].append(vocabulary.piece(k));
            word[c] = known == null ? KnownWords.OUTSIDE : known.after(state, k);
            return k;
        }, logProb);
        List<SampledLine> lines = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            String t = text[c].toString();
            boolean cut = t.length() >= settings.maxLength();
            if (known != null && known.after(word[c], eol) == KnownWords.REFUSED) {
                // cut off (or stuck: a known word can hold a character outside the vocabulary) inside a word that is
                // only the start of a known one: the line ends before that word
                int end = t.length();
                while (end > 0 && Character.isLetter(t.charAt(end - 1))) {
                    end--;
                }
                t = t.substring(0, end).stripTrailing();
            }
            lines.add(new SampledLine(t, logProb[c], cut));
        }
        return lines;
    }

    /**
     * Marks the pieces a speaking character may write next: never a control code's piece, and only pieces that
     * keep every word one its training text holds ({@link KnownWords}), when the model knows its words.
     */
    private void allowedAfter(KnownWords.Pieces known, int wordState, boolean[] allowed) {
        if (known == null) {
            java.util.Arrays.fill(allowed, true);
        } else {
            known.allowedAfter(wordState, allowed);
        }
        for (int k = 0; k < allowed.length; k++) {
            allowed[k] &= !vocabulary.isControl(k);
        }
    }

    /** The least log-probability a line's score counts for one symbol (that of probability 1e-12). */
    private static final float LOG_FLOOR = (float) Math.log(1e-12);

    /** One sampled line: its text (without the newline), summed natural log-probability, and whether it was cut. */
    public record SampledLine(String text, double logProb, boolean truncated) {
        /** Mean log-probability per symbol, the newline included. */
        public double meanLogProb() {
            return logProb / (text.length() + 1);
        }
    }

    /**
     * Natural log-probability of each continuation (plus its newline) after {@code prefix}, from the current
     * listening state, all continuations stepped together as one minibatch; the state is left unchanged.
     */
    public double[] logProbOf(String prefix, List<String> continuations) {
        LstmInference.Stream start = listeningCopy();
        float[] first = advance(start, prefix);
        if (first == null) {
            throw new IllegalArgumentException("empty prefix");
        }
        int n = continuations.size();
        int[][] ids = new int[n][];
        int[] at = new int[n];
        for (int c = 0; c < n; c++) {
            ids[c] = vocabulary.encode(continuations.get(c) + "\n").ids();
        }
        double[] result = new double[n];
        walk(start, first, n, (c, logProbs) -> ids[c][at[c]++], result);
        return result;
    }
}
