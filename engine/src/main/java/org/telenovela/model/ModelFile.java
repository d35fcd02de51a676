package org.telenovela.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.telenovela.AtomicFile;
import org.telenovela.InvalidInputException;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A character model on disk: one zip holding the description ({@link ModelInfo}: spec, vocabulary and merges,
 * beats, corpus checksum, training history), the network configuration, its parameters (and an index of where each
 * matrix lies: see {@link PlainWeights}), optionally the optimiser state (checkpoints), and the words of its training
 * text. A trained model's parameters are little-endian float16 ({@link Float16}: half the bytes to ship and to read
 * at a scene's start); a checkpoint's are float32, so that training resumes exactly where it stopped. Entries have
 * fixed timestamps, so the same model always gives the same bytes.
 *
 * <p>Two ways in: {@link #load} builds the DL4J network (training, evaluation); {@link #loadForGeneration} reads
 * only what the plain-Java forward pass needs and never touches ND4J, so a scene starts without its natives.
 */
final class ModelFile {
    static final String INFO_ENTRY = "telenovela-model.json";
    static final String NETWORK_ENTRY = "network.json";
    static final String PARAMETERS_ENTRY = "parameters.f32";
    static final String HALF_PARAMETERS_ENTRY = "parameters.f16";
    static final String INDEX_ENTRY = "parameters.json";
    static final String UPDATER_ENTRY = "updater.bin";
    static final String WORDS_ENTRY = "words.txt";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFile() {
    }

    /** @param withUpdater a checkpoint: float32 parameters and the optimiser state; else float16 parameters only */
    static void save(CharacterModel model, Path file, boolean withUpdater) throws IOException {
        ComputationGraph network = model.network();
        AtomicFile.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                entry(zip, INFO_ENTRY, JSON.writeValueAsBytes(model.info()));
                entry(zip, NETWORK_ENTRY, network.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
                float[] flat = network.params().toFloatVector();
                if (withUpdater) {
                    stored(zip, PARAMETERS_ENTRY, PlainWeights.bytes(flat));
                } else {
                    stored(zip, HALF_PARAMETERS_ENTRY, PlainWeights.halves(flat));
                }
                entry(zip, INDEX_ENTRY, JSON.writeValueAsBytes(PlainWeights.index(network)));
                INDArray updater = network.getUpdater() == null ? null : network.getUpdater().getStateViewArray();
                if (withUpdater && updater != null) {
                    stored(zip, UPDATER_ENTRY, arrayBytes(updater));
                }
                if (!model.words().isEmpty()) {
                    entry(zip, WORDS_ENTRY, (String.join("\n", model.words()) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        entry(zip, name, bytes, false);
    }

    /**
     * A stored entry is kept as it is: float weights deflate by 7 %, and inflating them was most of loading a model
     * (about 50 ms of a cold start's 0.1 s per model, measured with phase timestamps).
     */
    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        entry(zip, name, bytes, true);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes, boolean stored) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0);
        if (stored) {
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            e.setCrc(crc.getValue());
        }
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

    /** What every way of loading reads first: the entries, the description, the vocabulary and the beats. */
    private record Parts(Map<String, byte[]> entries, ModelInfo info, Vocabulary vocabulary, Beats beats, float[] flat) {
    }

    /** @param withNetwork whether to read what only the DL4J network needs (its configuration, the optimiser state) */
    private static Parts parts(Path file, boolean withNetwork) {
        List<String> wanted = withNetwork
                ? List.of(INFO_ENTRY, NETWORK_ENTRY, PARAMETERS_ENTRY, HALF_PARAMETERS_ENTRY, INDEX_ENTRY, UPDATER_ENTRY, WORDS_ENTRY)
                : List.of(INFO_ENTRY, PARAMETERS_ENTRY, HALF_PARAMETERS_ENTRY, INDEX_ENTRY, WORDS_ENTRY);
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String n = e.getName();
                if (n.contains("..") || n.startsWith("/") || n.contains("\\")) {
                    throw bad(file, "unsafe entry name in archive: " + n);
                }
                if (wanted.contains(n)) {
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
        for (String needed : withNetwork ? List.of(NETWORK_ENTRY, INDEX_ENTRY) : List.of(INDEX_ENTRY)) {
            if (!entries.containsKey(needed)) {
                throw bad(file, "incomplete model file (missing " + needed + "; truncated?)");
            }
        }
        boolean half = entries.containsKey(HALF_PARAMETERS_ENTRY);
        if (half == entries.containsKey(PARAMETERS_ENTRY)) {
            throw bad(file, half ? "damaged model file (both " + PARAMETERS_ENTRY + " and " + HALF_PARAMETERS_ENTRY + ")"
                    : "incomplete model file (missing " + HALF_PARAMETERS_ENTRY + "; truncated?)");
        }
        ModelInfo info;
        try {
            info = JSON.readValue(entries.get(INFO_ENTRY), ModelInfo.class);
        } catch (IOException | IllegalArgumentException e) {
            throw bad(file, "damaged model description (" + INFO_ENTRY + "): " + firstLine(e.getMessage()));
        }
        if (ModelInfo.OLD_FORMAT.equals(info.format())) {
            throw bad(file, "a model file of an earlier version (one-hot inputs, format '" + info.format()
                    + "'); train it again with 'telenovela train'");
        }
        if (!ModelInfo.FORMAT.equals(info.format())) {
            throw bad(file, "unsupported model format '" + info.format() + "', expected '" + ModelInfo.FORMAT + "'");
        }
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.of(info.vocabulary(), info.merges());
        } catch (RuntimeException e) {
            throw bad(file, "damaged vocabulary: " + e.getMessage());
        }
        Beats beats;
        try {
            beats = Beats.saved(info.beats());
        } catch (RuntimeException e) {
            throw bad(file, "damaged beat list: " + e.getMessage());
        }
        float[] flat;
        try {
            flat = half ? PlainWeights.fromHalves(entries.get(HALF_PARAMETERS_ENTRY)) : PlainWeights.floats(entries.get(PARAMETERS_ENTRY));
        } catch (IllegalArgumentException e) {
            throw bad(file, "damaged parameters: " + e.getMessage());
        }
        return new Parts(entries, info, vocabulary, beats, flat);
    }

    /** The model for generation only: plain-Java weights, no DL4J network (see the class comment). */
    static CharacterModel loadForGeneration(Path file) {
        Parts p = parts(file, false);
        PlainWeights weights;
        try {
            Map<String, PlainWeights.Slice> index = JSON.readValue(p.entries().get(INDEX_ENTRY),
                    JSON.getTypeFactory().constructMapType(java.util.TreeMap.class, String.class, PlainWeights.Slice.class));
            weights = PlainWeights.of(p.flat(), index);
            int symbols = weights.matrix(LstmNetwork.SYMBOL_EMBEDDING, "W").length;
            int beatRows = weights.matrix(LstmNetwork.BEAT_EMBEDDING, "W").length;
            int outputs = weights.vector(LstmNetwork.OUTPUT, "b").length;
            checkSizes(file, p, symbols, beatRows, outputs);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException bad) {
                throw bad;
            }
            throw bad(file, "damaged parameter index: " + firstLine(e.getMessage()));
        }
        return withWords(new CharacterModel(weights, p.vocabulary(), p.beats(), p.info()), p.entries());
    }

    private static void checkSizes(Path file, Parts p, long symbols, long beatRows, long outputs) {
        if (symbols != p.vocabulary().size() || outputs != p.vocabulary().size() || beatRows != p.beats().size() + 1) {
            throw bad(file, "network size (" + symbols + " symbol rows, " + beatRows + " beat rows, " + outputs
                    + " outputs) does not match its vocabulary of " + p.vocabulary().size() + " symbols and "
                    + p.beats().size() + " beats");
        }
    }

    private static CharacterModel withWords(CharacterModel model, Map<String, byte[]> entries) {
        if (entries.containsKey(WORDS_ENTRY)) {
            model.setWords(new String(entries.get(WORDS_ENTRY), StandardCharsets.UTF_8).lines().filter(w -> !w.isEmpty()).toList());
        }
        return model;
    }

    static CharacterModel load(Path file, boolean withUpdater) {
        Parts p = parts(file, true);
        Map<String, byte[]> entries = p.entries();
        ComputationGraph net;
        try {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
                    new String(entries.get(NETWORK_ENTRY), StandardCharsets.UTF_8));
            net = new ComputationGraph(conf);
            net.init();
            if (p.flat().length != net.numParams()) {
                throw bad(file, "damaged network: " + p.flat().length + " parameters stored, " + net.numParams() + " expected");
            }
            net.setParams(Nd4j.create(p.flat(), new long[]{1, p.flat().length}, DataType.FLOAT));
            if (withUpdater && entries.containsKey(UPDATER_ENTRY)) {
                net.getUpdater().setStateViewArray(readArray(entries.get(UPDATER_ENTRY)).reshape(1, -1));
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            throw bad(file, "damaged network: " + firstLine(String.valueOf(e.getMessage())));
        }
        long symbols;
        long beatRows;
        long outputs;
        try {
            symbols = net.getLayer(LstmNetwork.SYMBOL_EMBEDDING).getParam("W").size(0);
            beatRows = net.getLayer(LstmNetwork.BEAT_EMBEDDING).getParam("W").size(0);
            outputs = net.getLayer(LstmNetwork.OUTPUT).getParam("W").size(1);
        } catch (RuntimeException e) {
            throw bad(file, "damaged network: not the layers of a character model");
        }
        checkSizes(file, p, symbols, beatRows, outputs);
        return withWords(new CharacterModel(net, p.vocabulary(), p.beats(), p.info()), entries);
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
}
