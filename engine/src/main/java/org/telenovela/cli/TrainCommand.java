package org.telenovela.cli;

import org.telenovela.corpus.TrainingText;
import com.typesafe.config.Config;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.telenovela.cast.Cast;
import org.telenovela.corpus.Corpus;
import org.telenovela.model.ModelInfo;
import org.telenovela.model.ModelSpec;
import org.telenovela.training.CastTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/** {@code telenovela train}: the base model, then one fine-tune per character, with checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train the shared base model on the corpus, then fine-tune every character from it.",
                "With --cast, exactly that cast's characters (e.g. one scaffolded by 'new-cast' from imported scripts)."})
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CorpusOption corpus;

    @Option(names = "--characters", paramLabel = "DIR", description = "characters folder (default: telenovela.training.characters)")
    Path characters;

    @Option(names = "--base-epochs", paramLabel = "N", description = "epochs for the base model (default: config)")
    Integer baseEpochs;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", description = "epochs per character (default: config)")
    Integer fineTuneEpochs;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "fine-tune only these characters")
    List<String> only;

    @Option(names = "--resume", description = "continue from the last checkpoint of an interrupted run")
    boolean resume;

    @Option(names = "--cast", paramLabel = "CAST", description = "train exactly this cast's characters (base + fine-tunes) into the model files it names")
    Path castFile;

    @Option(names = "--min-chars", paramLabel = "N", description = "characters of own lines a character needs for a fine-tune (default: telenovela.training.min-character-chars)")
    Integer minChars;

    @Mixin
    Options.ConfigOption configFile;

    @Option(names = "--cluster", description = "train the base here, then hand the fine-tunes to workers "
            + "(telenovela worker --join HOST:PORT), each on its own copy of the corpus")
    boolean cluster;

    @Option(names = "--workers", paramLabel = "K", defaultValue = "1", description = "with --cluster: wait for K workers before handing out fine-tunes")
    int workers;

    @Mixin
    Options.NodeOptions node;

    @Override
    public Integer call() throws Exception {
        Config all = configFile.config();
        Config c = all.getConfig("telenovela.training");
        Path home = Main.home();
        ModelSpec modelSpec;
        try {
            modelSpec = new ModelSpec(c.getInt("spec.layers"), c.getInt("spec.hidden-size"), c.getInt("spec.tbptt-length"),
                    c.getDouble("spec.learning-rate"), c.getLong("spec.seed"), c.getInt("spec.merges"),
                    c.getDouble("spec.dropout"), c.getBoolean("spec.carry-state"));
        } catch (IllegalArgumentException e) {
            throw org.telenovela.InvalidInputException.at("config telenovela.training.spec", e.getMessage());
        }
        int base = baseEpochs != null ? baseEpochs : c.getInt("base-epochs");
        int fine = fineTuneEpochs != null ? fineTuneEpochs : c.getInt("fine-tune-epochs");
        if (base < 0 || base > 1000 || fine < 0 || fine > 1000) {
            throw Options.bad(spec, "epochs must be 0..1000");
        }
        int min = minChars != null ? minChars : c.getInt("min-character-chars");
        if (min < 0) {
            throw Options.bad(spec, "--min-chars must be >= 0, got " + min);
        }
        Path corpusDir = corpus.dir(all);
        PrintWriter err = spec.commandLine().getErr();
        CastTrainer.Plan plan;
        if (castFile != null) {
            if (only != null || characters != null) {
                throw Options.bad(spec, "--cast names the characters and their folder; drop --only and --characters");
            }
            Cast cast = Cast.loadForTraining(castFile);
            plan = new CastTrainer.Plan(corpusDir, cast.characters(), modelSpec, c.getInt("batch-size"), base, fine,
                    c.getDouble("fine-tune-learning-rate"), min, c.getInt("parallel"), resume, List.of(),
                    castRoles(cast, corpusDir, min, err));
        } else {
            plan = new CastTrainer.Plan(corpusDir,
                    characters != null ? characters : home.resolve(c.getString("characters")),
                    modelSpec, c.getInt("batch-size"), base, fine, c.getDouble("fine-tune-learning-rate"),
                    min, c.getInt("parallel"), resume, only != null ? only : c.getStringList("only"));
        }
        CastTrainer trainer = new CastTrainer(plan, new Bars(err));
        if (cluster) {
            if (workers < 1 || workers > 10_000) {
                throw Options.bad(spec, "--workers must be 1..10000 for train --cluster, got " + workers);
            }
            trainer.remotely(new ClusterTrain(plan, all, node.address(org.telenovela.cluster.ClusterNode.DEFAULT_PORT), workers, err));
        } else if (node.given(spec) || spec.commandLine().getParseResult().hasMatchedOption("--workers")) {
            throw Options.bad(spec, "--workers, --port, --bind and --keystore go with --cluster");
        }
        long started = System.nanoTime();
        Map<String, ModelInfo> done = trainer.run();
        err.printf("trained %d models in %s%n", done.size(), Duration.ofNanos(System.nanoTime() - started).withNanos(0));
        for (Map.Entry<String, ModelInfo> e : done.entrySet()) {
            ModelInfo i = e.getValue();
            err.printf("  %-12s epochs %2d  loss %.3f nats/char  held-out %s bits/char%n", e.getKey(), i.epochs(), i.finalLoss(),
                    i.heldOutBitsPerChar() == null ? "-" : String.format("%.3f", i.heldOutBitsPerChar()));
        }
        return 0;
    }

    /**
     * What to train for one cast: the base model goes into the cast's characters folder, a fine-tune per member
     * into the model file the cast resolves to. Every member must have enough text of its own, or nothing is trained.
     */
    private static List<CastTrainer.Role> castRoles(Cast cast, Path corpusDir, int min, PrintWriter err) {
        Corpus corpus = Corpus.read(corpusDir);
        List<CastTrainer.Role> roles = new ArrayList<>();
        List<String> short_ = new ArrayList<>();
        for (Cast.Member m : cast.members()) {
            long own = TrainingText.ownChars(corpus.training(), m.cue());
            if (own < min) {
                short_.add(m.id() + " (cue " + m.cue() + "): " + own);
            }
            roles.add(new CastTrainer.Role(m.id(), m.cue(), m.model()));
        }
        if (!short_.isEmpty()) {
            throw cast.error("too little text to fine-tune " + String.join("; ", short_) + " characters of own lines in the "
                    + "training split of " + corpusDir + ", fewer than " + min
                    + " (--min-chars / telenovela.training.min-character-chars); import more of their lines, lower the minimum, or recast the role");
        }
        err.println("train: cast " + cast.file() + ": base model into " + cast.characters().resolve(CastTrainer.BASE)
                + ", fine-tunes for " + String.join(", ", roles.stream().map(CastTrainer.Role::id).toList()));
        return List.copyOf(roles);
    }

    /** One progress bar per model: epoch, loss, chars/s, ETA. */
    private static final class Bars implements CastTrainer.Listener {
        private final PrintWriter err;
        private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();
        private final Map<String, Long> perEpoch = new ConcurrentHashMap<>();
        private final boolean console = System.console() != null;

        Bars(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(String model, int epochs, long charsPerEpoch, int startEpoch) {
            perEpoch.put(model, charsPerEpoch);
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(String.format("%-10s", model))
                    .setInitialMax(charsPerEpoch * Math.max(1, epochs)).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" kchars", 1000).showSpeed().startsFrom(charsPerEpoch * startEpoch, Duration.ZERO);
            if (!console) {
                b.setConsumer(new DelegatingProgressBarConsumer(err::println, 160)).setUpdateIntervalMillis(15_000);
            }
            bars.put(model, b.build());
        }

        @Override
        public void progress(String model, int epoch, long charsDoneInEpoch, double loss) {
            ProgressBar bar = bars.get(model);
            bar.stepTo(perEpoch.get(model) * epoch + charsDoneInEpoch);
            bar.setExtraMessage(String.format(" epoch %d loss %.3f", epoch + 1, loss));
        }

        @Override
        public void epochDone(String model, int epoch, double loss, double heldOutBits) {
            bars.get(model).setExtraMessage(String.format(" epoch %d loss %.3f held-out %.3f b/c", epoch, loss, heldOutBits));
        }

        @Override
        public void finished(String model, Path file, ModelInfo info) {
            ProgressBar bar = bars.remove(model);
            if (bar != null) {
                bar.close();
            }
            err.println("wrote " + file);
        }

        @Override
        public void note(String message) {
            err.println("train: " + message);
        }
    }
}
