package org.telenovela.model;

import org.telenovela.corpus.MaskedText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharacterModelTest {
    private static final String TEXT = """
            inicio|ANA: ¿Bruno? ¿Eres tú de verdad?
            inicio|BRUNO: Sí, Ana. Volví por ti, mi amor.
            inicio|ANA: ¡Dios mío! Pensé que nunca volverías.
            medio|BRUNO: Te lo juro, Ana, nunca te olvidé.
            medio|ANA: ¿Qué secreto, Bruno? Dime la verdad.
            final|BRUNO: Escúchame, Ana: el barco no se hundió solo.
            """;
    private static final SamplingSettings SAMPLING = new SamplingSettings(0.9, 0, 0.95, 50, 4);
    private static CharacterModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTinyModel() {
        model = CharacterModel.create("ana", new ModelSpec(1, 16, 32, 0.02, 3), Vocabulary.standard(),
                Beats.of(List.of("inicio", "medio", "final"), "-"));
        TrainingSet set = TrainingSet.of(model.vocabulary(), model.beats(), List.of(MaskedText.all(TEXT.repeat(4))), 32);
        for (int e = 0; e < 3; e++) {
            Trainer.epoch(model, set, 8, 1, e, null);
        }
        model.recordTraining("abc", 3, 1.0, 2.5, null);
        model.setWords(org.telenovela.corpus.Words.of(TEXT));
    }

    @Test
    void savedAndLoadedModelHasTheSameParametersVocabularyAndMetadata() throws IOException {
        Path f = dir.resolve("m.zip");
        model.save(f);
        CharacterModel back = CharacterModel.load(f);
        assertEquals(model.parameters(), back.parameters());
        assertEquals(model.vocabulary(), back.vocabulary());
        assertEquals(List.of("final", "inicio", "medio"), back.beats().names());
        assertEquals(model.words(), back.words());
        assertTrue(back.words().contains("volverías"));
        assertEquals(model.info(), back.info());
        model.clearState();
        assertSameLines(sample(model, 5), sample(back, 5));
    }

    @Test
    void aWordTheModelNeverSawIsUnknownWhateverItsCase() {
        assertEquals(0, model.unknownWordShare("¡Dios mío, BRUNO! Nunca te olvidé."));
        assertEquals(2 / 7.0, model.unknownWordShare("Bruno, mi amorcito, el barquito se hundió."), 1e-12);
        assertEquals(0, model.unknownWordShare("¡¿...?!"));
        CharacterModel blank = CharacterModel.create("x", new ModelSpec(1, 4, 8, 0.01, 1), Vocabulary.standard());
        assertEquals(0, blank.unknownWordShare("palabras inventadas xyzzy"), "a model that knows no words judges none");
    }

    @Test
    void trainingResumedFromACheckpointEndsWithTheSameParameters() throws IOException {
        trainingResumedFromACheckpointEndsWithTheSameParameters(false);
        trainingResumedFromACheckpointEndsWithTheSameParameters(true);
    }

    private void trainingResumedFromACheckpointEndsWithTheSameParameters(boolean carryState) throws IOException {
        ModelSpec spec = new ModelSpec(1, 12, 16, 0.02, 7, 0, 0.1, carryState);
        Beats beats = Beats.of(List.of("inicio", "medio", "final"), "-");
        List<MaskedText> texts = List.of(MaskedText.all(TEXT.repeat(2)), MaskedText.all(TEXT), MaskedText.all(TEXT.substring(40)));
        TrainingSet set = TrainingSet.of(Vocabulary.standard(), beats, texts, 16, carryState);
        CharacterModel straight = CharacterModel.create("a", spec, Vocabulary.standard(), beats);
        CharacterModel interrupted = CharacterModel.create("a", spec, Vocabulary.standard(), beats);
        for (int e = 0; e < 2; e++) {
            Trainer.epoch(straight, set, 4, 1, e, null);
        }
        Trainer.epoch(interrupted, set, 4, 1, 0, null);
        interrupted.save(dir.resolve("checkpoint.zip"), true);
        CharacterModel resumed = CharacterModel.load(dir.resolve("checkpoint.zip"), true);
        Trainer.epoch(resumed, set, 4, 1, 1, null);
        assertEquals(straight.parameters(), resumed.parameters());
    }

    @Test
    void aModelLoadedForGenerationOnlyWritesTheSameLinesAndRefusesToTrain() throws IOException {
        Path f = dir.resolve("g.zip");
        model.save(f);
        CharacterModel light = CharacterModel.loadForGeneration(f);
        assertEquals(model.info(), light.info());
        assertEquals(model.words(), light.words());
        model.clearState();
        model.prime("inicio|ANA: ¿Bruno?\n");
        light.prime("inicio|ANA: ¿Bruno?\n");
        assertSameLines(model.sample("medio|BRUNO: ", SAMPLING, new SplittableRandom(11)),
                light.sample("medio|BRUNO: ", SAMPLING, new SplittableRandom(11)));
        model.clearState();
        assertThrows(IllegalStateException.class, light::parameters);
    }

    @Test
    void savingTwiceGivesTheSameBytes() throws IOException {
        model.save(dir.resolve("a.zip"));
        model.save(dir.resolve("b.zip"));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a.zip")), Files.readAllBytes(dir.resolve("b.zip"))));
    }

    @Test
    void theSameSeedSamplesTheSameCandidatesAndAnotherSeedDoesNot() {
        assertEquals(sample(model, 11), sample(model, 11));
        assertNotEquals(sample(model, 11), sample(model, 12));
    }

    @Test
    void samplingCandidatesLeavesTheListeningStateUntouched() {
        model.clearState();
        model.prime("inicio|ANA: ¿Bruno?\n");
        LstmState before = model.saveState();
        List<CharacterModel.SampledLine> lines = model.sample("medio|BRUNO: ", SAMPLING, new SplittableRandom(4));
        assertEquals(4, lines.size());
        assertEquals(before, model.saveState());
        // and what comes next is the same as if the character had never spoken
        List<CharacterModel.SampledLine> again = model.sample("medio|BRUNO: ", SAMPLING, new SplittableRandom(4));
        assertEquals(lines, again);
    }

    @Test
    void candidatesAreOneLineEachWithinTheLengthLimit() {
        for (CharacterModel.SampledLine l : sample(model, 3)) {
            assertTrue(l.text().indexOf('\n') < 0);
            assertTrue(l.text().length() <= SAMPLING.maxLength());
            assertTrue(l.logProb() < 0);
        }
    }

    @Test
    void clearingTheStateIsTheSameAsAFreshlyLoadedModel() throws IOException {
        Path f = dir.resolve("fresh.zip");
        model.save(f);
        model.prime("inicio|ANA: ¿Bruno? ¿Eres tú de verdad?\n");
        model.clearState();
        CharacterModel fresh = CharacterModel.load(f);
        assertSameLines(sample(fresh, 21), sample(model, 21));
    }

    @Test
    void scoringGivesEachContinuationItsLogProbabilityAndLeavesTheStateAlone() {
        model.clearState();
        String real = "Sí, Ana. Volví por ti, mi amor.";
        String noise = "zQ}x¿wv#W~qZ@kK%jX^Pq|Yv$Ü+<Fz";
        double[] lp = model.logProbOf("inicio|BRUNO: ", List.of(real, noise));
        assertTrue(lp[0] > lp[1], "a line from the corpus is likelier than noise of the same length");
        assertTrue(model.saveState().isEmpty());
    }

    @Test
    void scoringSampledLinesGivesBackTheLogProbabilitiesTheyWereSampledWith() {
        model.clearState();
        model.prime("inicio|ANA: ¿Bruno? ¿Eres tú de verdad?\n");
        List<CharacterModel.SampledLine> lines = model.sample("medio|BRUNO: ", SAMPLING, new SplittableRandom(5));
        double[] lp = model.logProbOf("medio|BRUNO: ", lines.stream().map(CharacterModel.SampledLine::text).toList());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(lines.get(i).logProb(), lp[i], 1e-9, "line " + i);
        }
        assertEquals(lines.size(), lp.length);
    }

    @Test
    void theJavaForwardPassGivesTheSameDistributionsAsDl4jsOwnLayers() {
        String text = "inicio|ANA: ¿Bruno? ¿Eres tú de verdad?\nmedio|BRUNO: Sí.\notro|ANA: ¿Y?";
        int[] ids = model.vocabulary().encode(text).ids();
        org.nd4j.linalg.api.ndarray.INDArray in = org.nd4j.linalg.factory.Nd4j.zeros(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, ids.length);
        org.nd4j.linalg.api.ndarray.INDArray beatIn = org.nd4j.linalg.factory.Nd4j.zeros(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, ids.length);
        Beats.Reader beats = model.beats().reader();
        int withBeat = 0;
        for (int t = 0; t < ids.length; t++) {
            in.putScalar(0, 0, t, ids[t]);
            int beat = beats.next(text.charAt(t));
            beatIn.putScalar(0, 0, t, beat >= 0 ? beat : model.beats().size());
            withBeat += beat >= 0 ? 1 : 0;
        }
        assertTrue(withBeat > 30, "the beat input is on for the lines' text");
        model.network().rnnClearPreviousState();
        org.nd4j.linalg.api.ndarray.INDArray expected = model.network().rnnTimeStep(in, beatIn)[0];
        model.network().rnnClearPreviousState();
        model.clearState();
        for (int t = 0; t < ids.length; t++) {
            float[] probs = model.prime(text.substring(t, t + 1));
            for (int k = 0; k < probs.length; k++) {
                assertEquals(expected.getFloat(0, k, t), probs[k], 1e-5, "symbol " + k + " after " + (t + 1) + " chars");
            }
        }
        model.clearState();
    }

    @Test
    void weightsAreStoredUncompressedAndEverythingElseDeflated() throws IOException {
        Path f = dir.resolve("stored.zip");
        model.save(f, true);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(f.toFile())) {
            for (String name : List.of("parameters.f32", "updater.bin")) {
                assertEquals(java.util.zip.ZipEntry.STORED, zip.getEntry(name).getMethod(), name);
            }
            assertEquals(java.util.zip.ZipEntry.DEFLATED, zip.getEntry("telenovela-model.json").getMethod());
        }
        assertEquals(model.parameters(), CharacterModel.load(f, true).parameters());
    }

    /** A trained model's file holds float16 weights, and saving it rounds the model in memory to them; a checkpoint keeps float32. */
    @Test
    void aTrainedModelIsStoredAsFloat16AndACheckpointAsFloat32() throws IOException {
        CharacterModel m = CharacterModel.create("half", new ModelSpec(1, 16, 32, 0.02, 5), Vocabulary.standard(),
                Beats.of(List.of("inicio", "medio", "final"), "-"));
        Trainer.epoch(m, TrainingSet.of(m.vocabulary(), m.beats(), List.of(MaskedText.all(TEXT.repeat(4))), 32), 8, 1, 0, null);
        float[] trained = m.parameters().toFloatVector();
        Path checkpoint = dir.resolve("checkpoint.zip");
        Path file = dir.resolve("half.zip");
        m.save(checkpoint, true);
        m.save(file);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            assertEquals(null, zip.getEntry("parameters.f32"));
            assertEquals(2L * trained.length, zip.getEntry("parameters.f16").getSize());
            assertEquals(java.util.zip.ZipEntry.STORED, zip.getEntry("parameters.f16").getMethod());
        }
        float[] rounded = m.parameters().toFloatVector();
        int changed = 0;
        for (int i = 0; i < trained.length; i++) {
            assertEquals(Float16.round(trained[i]), rounded[i], "weight " + i);
            changed += trained[i] != rounded[i] ? 1 : 0;
        }
        assertTrue(changed > trained.length / 2, "most float32 weights are not halves: " + changed + " of " + trained.length);
        assertEquals(m.parameters(), CharacterModel.load(file).parameters());
        assertTrue(java.util.Arrays.equals(trained, CharacterModel.load(checkpoint, true).parameters().toFloatVector()));
        CharacterModel light = CharacterModel.loadForGeneration(file);
        assertSameLines(m.sample("medio|ANA: ", SAMPLING, new SplittableRandom(3)), light.sample("medio|ANA: ", SAMPLING, new SplittableRandom(3)));
    }

    @Test
    void aMissingFileIsAnInputErrorNamingIt() {
        Path f = dir.resolve("nope.zip");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CharacterModel.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void aTruncatedFileIsAnInputError() throws IOException {
        Path f = dir.resolve("m.zip");
        model.save(f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CharacterModel.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void aMissingOrRaggedWeightEntryIsAnInputError() throws IOException {
        Path f = dir.resolve("whole.zip");
        model.save(f);
        for (String damage : List.of("missing", "ragged")) {
            Path d = dir.resolve(damage + ".zip");
            try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(f.toFile());
                 OutputStream out = Files.newOutputStream(d); ZipOutputStream z = new ZipOutputStream(out)) {
                for (ZipEntry e : java.util.Collections.list(in.entries())) {
                    boolean weights = e.getName().equals("parameters.f16");
                    if (weights && damage.equals("missing")) {
                        continue;
                    }
                    z.putNextEntry(new ZipEntry(e.getName()));
                    z.write(weights ? new byte[]{1, 2, 3} : in.getInputStream(e).readAllBytes());
                }
            }
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> CharacterModel.loadForGeneration(d));
            assertTrue(e.getMessage().startsWith(d.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(damage.equals("missing") ? "missing parameters.f16" : "not a whole number of halves"),
                    e.getMessage());
        }
    }

    @Test
    void garbageAndForeignZipsAreInputErrors() throws IOException {
        Path garbage = dir.resolve("garbage.zip");
        Files.writeString(garbage, "this is not a zip at all");
        assertThrows(InvalidInputException.class, () -> CharacterModel.load(garbage));

        Path foreign = dir.resolve("foreign.zip");
        try (OutputStream out = Files.newOutputStream(foreign); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CharacterModel.load(foreign));
        assertTrue(e.getMessage().contains("not a Telenovela model"), e.getMessage());

        Path traversal = dir.resolve("evil.zip");
        try (OutputStream out = Files.newOutputStream(traversal); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("../../etc/passwd"));
            z.write("x".getBytes());
        }
        e = assertThrows(InvalidInputException.class, () -> CharacterModel.load(traversal));
        assertTrue(e.getMessage().contains("unsafe entry"), e.getMessage());
    }

    /**
     * The same lines; log-probabilities agree to float precision (a network read back from a file may sum in
     * another order than the one it was trained in, which moves the last bits).
     */
    private static void assertSameLines(List<CharacterModel.SampledLine> a, List<CharacterModel.SampledLine> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).text(), b.get(i).text());
            assertEquals(a.get(i).logProb(), b.get(i).logProb(), 1e-3);
        }
    }

    private static List<CharacterModel.SampledLine> sample(CharacterModel m, long seed) {
        return m.sample("inicio|ANA: ", SAMPLING, new SplittableRandom(seed));
    }
}
