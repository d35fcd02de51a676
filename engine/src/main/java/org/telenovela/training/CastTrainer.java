package org.telenovela.training;

import org.telenovela.corpus.MaskedText;
import org.telenovela.InvalidInputException;
import org.telenovela.cast.CharacterSheet;
import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.Screenplay;
import org.telenovela.corpus.TrainingText;
import org.telenovela.corpus.Words;
import org.telenovela.model.Beats;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.ModelInfo;
import org.telenovela.model.ModelSpec;
import org.telenovela.model.Trainer;
import org.telenovela.model.TrainingSet;
import org.telenovela.model.SubwordLearner;
import org.telenovela.model.Vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Turns a corpus into a cast: the shared base model on every training line, then one fine-tune per character
 * (starting from the base) on whole scenes with the loss masked to that character's own lines. Each epoch ends
 * with a checkpoint (with optimiser state) so {@code --resume} continues where a killed run stopped; final
 * model files are written atomically and without optimiser state.
 */
public final class CastTrainer {

    /** What to train and how long. */
    public record Plan(Path corpus, Path characters, ModelSpec spec, int batchSize, int baseEpochs, int fineTuneEpochs,
                       double fineTuneLearningRate, int minCharacterChars, int parallel, boolean resume,
                       List<String> only, List<Role> cast) {
        /** Trains the characters with sheets under {@code characters} (filtered by {@code only}). */
        public Plan(Path corpus, Path characters, ModelSpec spec, int batchSize, int baseEpochs, int fineTuneEpochs,
                    double fineTuneLearningRate, int minCharacterChars, int parallel, boolean resume, List<String> only) {
            this(corpus, characters, spec, batchSize, baseEpochs, fineTuneEpochs, fineTuneLearningRate, minCharacterChars,
                    parallel, resume, only, null);
        }
    }

    /** Receives progress from every model being trained (possibly from several threads at once); each call does nothing unless overridden. */
    public interface Listener {
        default void started(String model, int epochs, long charsPerEpoch, int startEpoch) {
        }

        default void progress(String model, int epoch, long charsDoneInEpoch, double loss) {
        }

        default void epochDone(String model, int epoch, double loss, double heldOutBits) {
        }

        default void finished(String model, Path file, ModelInfo info) {
        }

        default void note(String message) {
        }
    }

    public static final String BASE = "base";
    /** Times one epoch is tried again from the state before it when it ends with non-finite numbers. */
    static final int EPOCH_RETRIES = 2;

    private final Plan plan;
    private final Listener listener;
    /** For tests: whether to spoil a model's parameters right after one of its epochs, as a native fault would. */
    java.util.function.BiPredicate<String, Integer> spoilAfterEpoch = (model, epoch) -> false;

    public CastTrainer(Plan plan, Listener listener) {
        this.plan = plan;
        this.listener = listener;
    }

    /** Fine-tunes trained elsewhere ({@code train --cluster}): each model file is written where its role says. */
    public interface RemoteFineTunes {
        /**
         * @param baseWithOptimiser the base model saved with its optimiser state: a fine-tune continues it, as here
         * @return each role's model description, by id
         */
        Map<String, ModelInfo> fineTune(List<Role> roles, Path baseWithOptimiser, String corpusChecksum)
                throws IOException, InterruptedException;
    }

    private RemoteFineTunes remote;

    /** Trains the fine-tunes through {@code remote} instead of on this machine's threads. */
    public CastTrainer remotely(RemoteFineTunes remote) {
        this.remote = remote;
        return this;
    }

    /** A character that will get a fine-tune: its folder id, cue, and the model file to write. */
    public record Role(String id, String cue, Path model) {
    }

    /** Character sheets under the characters folder, in id order. */
    public static List<Role> characters(Path folder) {
        List<Role> roles = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                Path sheet = dir.resolve("character.yaml");
                if (Files.isRegularFile(sheet)) {
                    roles.add(new Role(dir.getFileName().toString(), CharacterSheet.load(sheet).cue(), dir.resolve("model.zip")));
                }
            }
        } catch (IOException e) {
            throw InvalidInputException.at(folder.toString(), "cannot list characters: " + e.getMessage());
        }
        return roles;
    }

    public Map<String, ModelInfo> run() throws IOException, InterruptedException {
        Corpus corpus = Corpus.read(plan.corpus());
        // a subword model's pieces are learned once, from the training split; every fine-tune shares them with the base
        Vocabulary vocabulary = plan.spec().merges() == 0 ? Vocabulary.standard() : SubwordLearner.learn(Vocabulary.standard(),
                TrainingText.texts(corpus.training(), null).stream().map(MaskedText::text).toList(), plan.spec().merges());
        if (vocabulary.isSubword()) {
            listener.note("subword vocabulary: " + vocabulary.size() + " pieces (" + vocabulary.merges().size() + " merges)");
        }
        Beats beats = Beats.of(corpus.training().stream().flatMap(s -> s.lines().stream()).map(Screenplay.Line::beat).toList(),
                Screenplay.NO_BEAT);
        String checksum = corpus.checksum();
        List<Role> roles = plan.cast() != null ? plan.cast() : characters(plan.characters());
        if (plan.cast() == null && plan.only() != null && !plan.only().isEmpty()) {
            roles = roles.stream().filter(r -> plan.only().contains(r.id())).toList();
        }

        TrainingSet baseTrain = TrainingSet.of(vocabulary, beats, TrainingText.texts(corpus.training(), null), plan.spec().tbpttLength(),
                plan.spec().carryState());
        TrainingSet baseHeld = TrainingSet.of(vocabulary, beats, TrainingText.texts(corpus.heldOut(), null), Trainer.evaluationWindow(plan.spec()));
        if (!baseTrain.unknown().isEmpty()) {
            listener.note("characters outside the vocabulary, left out of training: " + describe(baseTrain.unknown()));
        }
        if (baseTrain.windows() == 0) {
            throw InvalidInputException.at(plan.corpus().toString(), "no dialogue to train on");
        }
        Map<String, ModelInfo> results = new LinkedHashMap<>();
        Path baseFile = plan.characters().resolve(BASE).resolve("model.zip");
        CharacterModel fresh = CharacterModel.create(BASE, plan.spec(), vocabulary, beats);
        fresh.setWords(corpus.training().stream().flatMap(s -> s.lines().stream()).flatMap(l -> Words.of(l.spoken()).stream()).toList());
        CharacterModel base = train(BASE, fresh, baseTrain, baseHeld, plan.baseEpochs(), checksum, null, baseFile);
        results.put(BASE, base.info());

        List<Role> eligible = new ArrayList<>();
        for (Role r : roles) {
            long own = TrainingText.ownChars(corpus.training(), r.cue());
            if (own < plan.minCharacterChars()) {
                listener.note("skipping " + r.id() + ": " + own + " characters of own lines in the training split, fewer than "
                        + plan.minCharacterChars() + " (training.min-character-chars)");
            } else {
                eligible.add(r);
            }
        }
        if (remote != null) {
            // a resumed clustered run hands out only the fine-tunes not finished yet, as a local one trains only those
            List<Role> toTrain = new ArrayList<>();
            for (Role r : eligible) {
                CharacterModel done = plan.resume() ? finished(r.id(), r.model(), checksum, plan.fineTuneEpochs(), base.beats()) : null;
                if (done != null) {
                    results.put(r.id(), done.info());
                } else {
                    toTrain.add(r);
                }
            }
            if (!toTrain.isEmpty()) {
                Path baseWithOptimiser = checkpointFile(BASE).resolveSibling("base-for-workers.zip");
                Files.createDirectories(baseWithOptimiser.getParent());
                base.save(baseWithOptimiser, true);
                try {
                    results.putAll(remote.fineTune(toTrain, baseWithOptimiser, checksum));
                } finally {
                    Files.deleteIfExists(baseWithOptimiser);
                }
            }
            Files.deleteIfExists(checkpointFile(BASE));
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, plan.parallel()));
        try {
            List<Future<CharacterModel>> jobs = new ArrayList<>();
            for (Role r : eligible) {
                jobs.add(pool.submit(() -> fineTune(r, base, corpus, checksum)));
            }
            for (int i = 0; i < jobs.size(); i++) {
                try {
                    results.put(eligible.get(i).id(), jobs.get(i).get().info());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Files.deleteIfExists(checkpointFile(BASE)); // kept until now: fine-tunes resumed later start from its optimiser state
        return results;
    }

    /** One character's fine-tune from the base (with the base's optimiser state, as it ends base training). */
    public CharacterModel fineTune(Role r, CharacterModel base, Corpus corpus, String checksum) throws IOException {
        TrainingSet own = TrainingSet.of(base.vocabulary(), base.beats(), TrainingText.texts(corpus.training(), r.cue()), plan.spec().tbpttLength(),
                plan.spec().carryState());
        TrainingSet held = TrainingSet.of(base.vocabulary(), base.beats(), TrainingText.texts(corpus.heldOut(), r.cue()),
                Trainer.evaluationWindow(plan.spec()));
        return train(r.id(), base.copyAs(r.id()), own, held, plan.fineTuneEpochs(), checksum, BASE, r.model());
    }

    /** The model at {@code out} if it is trained on this corpus for at least {@code epochs} with these beats, else null. */
    private CharacterModel finished(String name, Path out, String checksum, int epochs, Beats beats) throws IOException {
        if (!Files.isRegularFile(out)) {
            return null;
        }
        CharacterModel done = CharacterModel.load(out);
        if (checksum.equals(done.info().corpusChecksum()) && done.info().epochs() >= epochs && done.beats().equals(beats)) {
            listener.note(name + " is already trained");
            return done;
        }
        return null;
    }

    private CharacterModel train(String name, CharacterModel fresh, TrainingSet train, TrainingSet held, int epochs,
                                 String checksum, String from, Path out) throws IOException {
        Path checkpoint = checkpointFile(name);
        CharacterModel model = fresh;
        int start = 0;
        double loss = Double.NaN;
        if (plan.resume() && Files.isRegularFile(checkpoint)) {
            CharacterModel saved = CharacterModel.load(checkpoint, true);
            if (checksum.equals(saved.info().corpusChecksum()) && saved.info().spec().equals(fresh.info().spec())
                    && saved.beats().equals(fresh.beats())) {
                model = saved;
                start = saved.info().epochs();
                loss = saved.info().finalLoss();
                listener.note("resuming " + name + " after epoch " + start);
            } else {
                listener.note("ignoring checkpoint of " + name + ": corpus, spec or beats changed");
            }
        } else if (plan.resume()) {
            CharacterModel done = finished(name, out, checksum, epochs, fresh.beats());
            if (done != null) {
                return done;
            }
        }
        if (from != null && start == 0) {
            model.setLearningRate(plan.fineTuneLearningRate());
        }
        listener.started(name, epochs, train.inputChars(), start);
        long seed = plan.spec().seed() ^ name.hashCode();
        int retries = 0;
        for (int e = start; e < epochs; e++) {
            final int epoch = e;
            // Two fine-tunes train at once, and native BLAS has been seen to return NaN now and then when called
            // from two threads (once in this project's test suite, never reproduced). Training is deterministic,
            // so an epoch that ends with non-finite numbers is redone from the state before it, with the same
            // batches: the result equals an undisturbed run.
            CharacterModel before = model.copyAs(name);
            loss = Trainer.epoch(model, train, plan.batchSize(), seed, e,
                    (b, n, chars, l) -> listener.progress(name, epoch, chars, l));
            if (spoilAfterEpoch.test(name, e + 1)) {
                model.parameters().putScalar(0, Float.NaN);
            }
            if (!Double.isFinite(loss) || !model.isFinite()) {
                if (retries++ == EPOCH_RETRIES) {
                    throw new TrainingDiverged("training " + name + " gave non-finite numbers in epoch " + (e + 1)
                            + " " + retries + " times; try a lower learning rate");
                }
                listener.note(name + ": epoch " + (e + 1) + " ended with non-finite numbers; redoing it");
                model = before;
                e--;
                continue;
            }
            retries = 0;
            double heldBits = held.windows() == 0 ? Double.NaN : Trainer.bitsPerChar(model, held);
            model.recordTraining(checksum, e + 1, loss, Double.isNaN(heldBits) ? null : heldBits, from);
            model.save(checkpoint, true);
            listener.epochDone(name, e + 1, loss, heldBits);
        }
        model.save(out);
        LossCurve.write(model.info(), out.resolveSibling("loss.png"));
        if (!name.equals(BASE)) {
            Files.deleteIfExists(checkpoint);
        }
        listener.finished(name, out, model.info());
        return model;
    }

    private Path checkpointFile(String name) {
        return plan.characters().resolve(".checkpoints").resolve(name + ".zip");
    }

    private static String describe(Map<Character, Integer> unknown) {
        StringBuilder sb = new StringBuilder();
        unknown.forEach((c, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" × ")
                .append(String.format("'%s' (U+%04X)", c, (int) c)));
        return sb.toString();
    }

}
