package org.telenovela.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.telenovela.AtomicFile;
import org.telenovela.InvalidInputException;
import org.telenovela.corpus.Words;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One character's voice: a character-level LSTM, its vocabulary and what it knows about its own training.
 *
 * <p>The network keeps a hidden state between calls ("what the character has heard so far"). Listening
 * advances it with {@link #prime}; {@link #sample} draws candidate lines from it and leaves it exactly as it
 * was. An instance is not thread-safe: each belongs to one actor.
 */
public final class CharacterModel {
    static final String INFO_ENTRY = "telenovela-model.json";
    static final String NETWORK_ENTRY = "network.json";
    static final String PARAMETERS_ENTRY = "parameters.bin";
    static final String UPDATER_ENTRY = "updater.bin";
    static final String WORDS_ENTRY = "words.txt";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final MultiLayerNetwork network;
    private final Vocabulary vocabulary;
    private final Beats beats;
    private ModelInfo info;
    private Set<String> words = Set.of();

    CharacterModel(MultiLayerNetwork network, Vocabulary vocabulary, Beats beats, ModelInfo info) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.beats = beats;
        this.info = info;
    }

    /** A freshly initialised (untrained) network of the given shape, without beat inputs. */
    public static CharacterModel create(String name, ModelSpec spec, Vocabulary vocabulary) {
        return create(name, spec, vocabulary, Beats.NONE);
    }

    /**
     * A freshly initialised (untrained) network of the given shape; its input is one symbol of the vocabulary and
     * one of the {@code beats} (see {@link Beats}) at every step, its output the next symbol.
     */
    public static CharacterModel create(String name, ModelSpec spec, Vocabulary vocabulary, Beats beats) {
        int v = vocabulary.size();
        int inputs = v + beats.size();
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(spec.learningRate()))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
        for (int i = 0; i < spec.layers(); i++) {
            layers.layer(new LSTM.Builder().nIn(i == 0 ? inputs : spec.hiddenSize()).nOut(spec.hiddenSize())
                    .activation(Activation.TANH).build());
        }
        layers.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(spec.hiddenSize()).nOut(v).build());
        MultiLayerConfiguration conf = layers
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(spec.tbpttLength())
                .tBPTTBackwardLength(spec.tbpttLength())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, name, spec, vocabulary.symbols(), beats.names(), null, 0, Double.NaN,
                null, null, List.of());
        return new CharacterModel(net, vocabulary, beats, info);
    }

    /** A deep copy (parameters and updater state) under another name, e.g. the base model to fine-tune. */
    public CharacterModel copyAs(String name) {
        CharacterModel copy = new CharacterModel(network.clone(), vocabulary, beats, info.named(name));
        copy.words = words;
        return copy;
    }

    /**
     * The words of the text this model was trained on (see {@link Words}), saved in its file: what the character
     * knows to be a word. Empty for a model that does not know (then no line has an unknown word).
     */
    public Set<String> words() {
        return words;
    }

    public void setWords(Collection<String> trainedOn) {
        this.words = Collections.unmodifiableSet(new TreeSet<>(trainedOn));
    }

    /**
     * The share of the words of {@code text} that the model never saw in training: made-up words. 0 for a text
     * without words, and for a model that knows no words at all.
     */
    public double unknownWordShare(String text) {
        List<String> said = Words.of(text);
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
        network.setLearningRate(rate);
    }

    MultiLayerNetwork network() {
        return network;
    }

    // ---------------------------------------------------------------- files

    /** Writes the model (without updater state) to one file, atomically: temp file, then rename. */
    public void save(Path file) throws IOException {
        save(file, false);
    }

    /** Writes the model; with {@code withUpdater} the Adam state is kept too, for checkpoints that resume. */
    public void save(Path file, boolean withUpdater) throws IOException {
        AtomicFile.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                entry(zip, INFO_ENTRY, JSON.writeValueAsBytes(info));
                entry(zip, NETWORK_ENTRY, network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
                entry(zip, PARAMETERS_ENTRY, arrayBytes(network.params()));
                INDArray updater = network.getUpdater() == null ? null : network.getUpdater().getStateViewArray();
                if (withUpdater && updater != null) {
                    entry(zip, UPDATER_ENTRY, arrayBytes(updater));
                }
                if (!words.isEmpty()) {
                    entry(zip, WORDS_ENTRY, (String.join("\n", words) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    /** Fixed timestamps: the same model always gives the same bytes (quiet diffs, honest checksums). */
    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] arrayBytes(INDArray a) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(a, out);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a model file written by {@link #save}. Anything else (missing, truncated, corrupt, a foreign zip, an
     * entry that tries to escape with {@code ..}) is an {@link InvalidInputException} naming the file.
     */
    public static CharacterModel load(Path file) {
        return load(file, false);
    }

    public static CharacterModel load(Path file, boolean withUpdater) {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String n = e.getName();
                if (n.contains("..") || n.startsWith("/") || n.contains("\\")) {
                    throw bad(file, "unsafe entry name in archive: " + n);
                }
                if (List.of(INFO_ENTRY, NETWORK_ENTRY, PARAMETERS_ENTRY, UPDATER_ENTRY, WORDS_ENTRY).contains(n)) {
                    entries.put(n, zip.readNBytes(256 << 20));
                }
            }
        } catch (NoSuchFileException e) {
            throw bad(file, "model file not found");
        } catch (ZipException | java.io.EOFException e) {
            throw bad(file, "not a readable model file (damaged or truncated archive: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw bad(file, "cannot read model file: " + e.getMessage());
        }
        if (!entries.containsKey(INFO_ENTRY)) {
            throw bad(file, "not a Telenovela model file (no " + INFO_ENTRY + "; was it written by 'telenovela train'?)");
        }
        for (String needed : List.of(NETWORK_ENTRY, PARAMETERS_ENTRY)) {
            if (!entries.containsKey(needed)) {
                throw bad(file, "incomplete model file (missing " + needed + "; truncated?)");
            }
        }
        ModelInfo info;
        try {
            info = JSON.readValue(entries.get(INFO_ENTRY), ModelInfo.class);
        } catch (IOException | IllegalArgumentException e) {
            throw bad(file, "damaged model description (" + INFO_ENTRY + "): " + firstLine(e.getMessage()));
        }
        if (!ModelInfo.FORMAT.equals(info.format())) {
            throw bad(file, "unsupported model format '" + info.format() + "', expected '" + ModelInfo.FORMAT + "'");
        }
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.of(info.vocabulary());
        } catch (RuntimeException e) {
            throw bad(file, "damaged vocabulary: " + e.getMessage());
        }
        Beats beats;
        try {
            beats = Beats.saved(info.beats());
        } catch (RuntimeException e) {
            throw bad(file, "damaged beat list: " + e.getMessage());
        }
        MultiLayerNetwork net;
        try {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(new String(entries.get(NETWORK_ENTRY), StandardCharsets.UTF_8));
            net = new MultiLayerNetwork(conf);
            INDArray params = readArray(entries.get(PARAMETERS_ENTRY));
            net.init();
            if (params.length() != net.numParams()) {
                throw bad(file, "damaged network: " + params.length() + " parameters stored, " + net.numParams() + " expected");
            }
            net.setParams(params.reshape(1, params.length()));
            if (withUpdater && entries.containsKey(UPDATER_ENTRY)) {
                net.getUpdater().setStateViewArray(net, readArray(entries.get(UPDATER_ENTRY)).reshape(1, -1), false);
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            throw bad(file, "damaged network: " + firstLine(String.valueOf(e.getMessage())));
        }
        long inputs = net.getLayer(0).getParam("W").size(0);
        long outputs = net.getOutputLayer().getParam("W").size(1);
        if (inputs != vocabulary.size() + beats.size() || outputs != vocabulary.size()) {
            throw bad(file, "network size (" + inputs + " inputs, " + outputs + " outputs) does not match its vocabulary of "
                    + vocabulary.size() + " symbols and " + beats.size() + " beats");
        }
        CharacterModel model = new CharacterModel(net, vocabulary, beats, info);
        if (entries.containsKey(WORDS_ENTRY)) {
            model.setWords(new String(entries.get(WORDS_ENTRY), StandardCharsets.UTF_8).lines().filter(w -> !w.isEmpty()).toList());
        }
        return model;
    }

    private static INDArray readArray(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        }
    }

    private static InvalidInputException bad(Path file, String what) {
        return InvalidInputException.at(file.toString(), what);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Whether every parameter is a finite number (training that went to NaN or infinity is not). */
    public boolean isFinite() {
        return Double.isFinite(network.params().sumNumber().doubleValue());
    }

    /** Parameters as one flat vector, e.g. to compare two models. */
    public INDArray parameters() {
        return network.params();
    }

    // ---------------------------------------------------------------- state

    /**
     * A snapshot of the hidden state ("what the character has heard"); empty means it has heard nothing.
     * Two snapshots are equal when every hidden and cell value is.
     */
    public static final class LstmState {
        private final LstmInference.Stream stream;

        private LstmState(LstmInference.Stream stream) {
            this.stream = stream;
        }

        public boolean isEmpty() {
            return stream == null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LstmState other && (stream == null ? other.stream == null
                    : other.stream != null && stream.sameAs(other.stream));
        }

        @Override
        public int hashCode() {
            return stream == null ? 0 : java.util.Arrays.deepHashCode(stream.h);
        }
    }

    private LstmInference inference;
    private LstmInference.Scratch scratch;
    private LstmInference.Stream listening; // null: has heard nothing

    /** The generation forward pass over the current weights, rebuilt after training changed them. */
    private LstmInference inference() {
        if (inference == null) {
            inference = new LstmInference(network);
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
        listening = state.stream == null ? null : state.stream.copy();
    }

    /** Forget everything heard: the state a freshly loaded model has. */
    public void clearState() {
        listening = null;
    }

    // ---------------------------------------------------------------- listening and speaking

    /**
     * Advances the hidden state over {@code text} (what the character hears) and returns the distribution for
     * the symbol that follows, or null if nothing could be encoded.
     */
    public float[] prime(String text) {
        LstmInference lstm = inference();
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

    /** Steps the stream over text, each symbol with its beat; returns the next-symbol distribution, or null if no symbol. */
    private float[] advance(LstmInference.Stream stream, String text) {
        float[] probs = new float[vocabulary.size()];
        int last = -1;
        int lastBeat = -1;
        for (int i = 0; i < text.length(); i++) {
            var k = vocabulary.indexOf(text.charAt(i));
            if (k.isEmpty()) {
                continue; // as Vocabulary.encode: what the vocabulary lacks is not heard
            }
            if (last >= 0) {
                inference.step(stream, last, lastBeat, null, scratch);
            }
            last = k.getAsInt();
            lastBeat = stream.beat.next(text.charAt(i));
        }
        if (last < 0) {
            return null;
        }
        inference.step(stream, last, lastBeat, probs, scratch);
        return probs;
    }

    private LstmInference.Stream listeningCopy() {
        return listening == null ? newStream() : listening.copy();
    }

    /**
     * Samples {@code settings.candidates()} lines after {@code prompt}, one stream per candidate, all starting
     * from the listening state, which is left exactly as it was.
     */
    public List<SampledLine> sample(String prompt, SamplingSettings settings, SplittableRandom random) {
        LstmInference lstm = inference();
        LstmInference.Stream start = listeningCopy();
        float[] first = advance(start, prompt);
        if (first == null) {
            throw new IllegalArgumentException("empty prompt");
        }
        int n = settings.candidates();
        LstmInference.Stream[] streams = new LstmInference.Stream[n];
        float[][] probs = new float[n][];
        StringBuilder[] text = new StringBuilder[n];
        double[] logProb = new double[n];
        boolean[] done = new boolean[n];
        for (int c = 0; c < n; c++) {
            streams[c] = c == 0 ? start : start.copy();
            probs[c] = first.clone();
            text[c] = new StringBuilder();
        }
        Sampler sampler = new Sampler(settings, vocabulary.size());
        int eol = vocabulary.endOfLine();
        LstmInference.Scratch batch = lstm.scratch(n);
        LstmInference.Stream[] active = new LstmInference.Stream[n];
        int[] symbols = new int[n];
        int[] beatInputs = new int[n];
        float[][] activeProbs = new float[n][];
        // step by position across candidates, so the random draws come in a fixed order
        for (int len = 0; len <= settings.maxLength(); len++) {
            int open = 0;
            for (int c = 0; c < n; c++) {
                if (done[c]) {
                    continue;
                }
                int k = len == settings.maxLength() ? eol : sampler.draw(probs[c], random);
                logProb[c] += Math.log(Math.max(probs[c][k], 1e-12f));
                if (k == eol) {
                    done[c] = true;
                } else {
                    text[c].append(vocabulary.symbol(k));
                    active[open] = streams[c];
                    symbols[open] = k;
                    beatInputs[open] = streams[c].beat.next(vocabulary.symbol(k));
                    activeProbs[open++] = probs[c];
                }
            }
            if (open == 0) {
                break;
            }
            lstm.steps(active, symbols, beatInputs, open, activeProbs, batch);
        }
        List<SampledLine> lines = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            lines.add(new SampledLine(text[c].toString(), logProb[c], text[c].length() >= settings.maxLength()));
        }
        return lines;
    }

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
        LstmInference lstm = inference();
        LstmInference.Stream start = listeningCopy();
        float[] first = advance(start, prefix);
        if (first == null) {
            throw new IllegalArgumentException("empty prefix");
        }
        int n = continuations.size();
        int[][] ids = new int[n][];
        LstmInference.Stream[] streams = new LstmInference.Stream[n];
        float[][] probs = new float[n][];
        int longest = 0;
        for (int c = 0; c < n; c++) {
            ids[c] = vocabulary.encode(continuations.get(c) + "\n").ids();
            streams[c] = start.copy();
            probs[c] = first.clone();
            longest = Math.max(longest, ids[c].length);
        }
        double[] result = new double[n];
        LstmInference.Scratch batch = lstm.scratch(Math.max(1, n));
        LstmInference.Stream[] active = new LstmInference.Stream[n];
        int[] symbols = new int[n];
        int[] beatInputs = new int[n];
        float[][] activeProbs = new float[n][];
        for (int t = 0; t < longest; t++) {
            int open = 0;
            for (int c = 0; c < n; c++) {
                if (t >= ids[c].length) {
                    continue;
                }
                result[c] += Math.log(Math.max(probs[c][ids[c][t]], 1e-12f));
                if (t + 1 < ids[c].length) {
                    active[open] = streams[c];
                    symbols[open] = ids[c][t];
                    beatInputs[open] = streams[c].beat.next(vocabulary.symbol(ids[c][t]));
                    activeProbs[open++] = probs[c];
                }
            }
            if (open == 0) {
                break;
            }
            lstm.steps(active, symbols, beatInputs, open, activeProbs, batch);
        }
        return result;
    }
}
