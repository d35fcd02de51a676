package org.telenovela.cli;

import com.typesafe.config.Config;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.telenovela.model.ModelInfo;
import org.telenovela.model.ModelSpec;
import org.telenovela.training.CastTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/** {@code telenovela train}: the base model, then one fine-tune per character, with checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train the shared base model on the corpus, then fine-tune every character from it.")
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "DIR", description = "corpus folder (default: telenovela.training.corpus)")
    Path corpus;

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

    @Override
    public Integer call() throws Exception {
        Config c = Main.config().getConfig("telenovela.training");
        Path home = Main.home();
        ModelSpec modelSpec;
        try {
            modelSpec = new ModelSpec(c.getInt("spec.layers"), c.getInt("spec.hidden-size"), c.getInt("spec.tbptt-length"),
                    c.getDouble("spec.learning-rate"), c.getLong("spec.seed"));
        } catch (IllegalArgumentException e) {
            throw org.telenovela.InvalidInputException.at("config telenovela.training.spec", e.getMessage());
        }
        int base = baseEpochs != null ? baseEpochs : c.getInt("base-epochs");
        int fine = fineTuneEpochs != null ? fineTuneEpochs : c.getInt("fine-tune-epochs");
        if (base < 0 || base > 1000 || fine < 0 || fine > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "epochs must be 0..1000");
        }
        CastTrainer.Plan plan = new CastTrainer.Plan(
                corpus != null ? corpus : home.resolve(c.getString("corpus")),
                characters != null ? characters : home.resolve(c.getString("characters")),
                modelSpec, c.getInt("batch-size"), base, fine, c.getDouble("fine-tune-learning-rate"),
                c.getInt("min-character-chars"), c.getInt("parallel"), resume, only != null ? only : c.getStringList("only"));
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Map<String, ModelInfo> done = new CastTrainer(plan, new Bars(err)).run();
        err.printf("trained %d models in %s%n", done.size(), Duration.ofNanos(System.nanoTime() - started).withNanos(0));
        for (Map.Entry<String, ModelInfo> e : done.entrySet()) {
            ModelInfo i = e.getValue();
            err.printf("  %-12s epochs %2d  loss %.3f nats/char  held-out %s bits/char%n", e.getKey(), i.epochs(), i.finalLoss(),
                    i.heldOutBitsPerChar() == null ? "-" : String.format("%.3f", i.heldOutBitsPerChar()));
        }
        return 0;
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
