import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.Screenplay;
import org.telenovela.model.Beats;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.ModelSpec;
import org.telenovela.model.SubwordLearner;
import org.telenovela.model.Trainer;
import org.telenovela.model.TrainingSet;
import org.telenovela.model.SamplingSettings;
import org.telenovela.model.Vocabulary;
import org.telenovela.corpus.Words;
import org.telenovela.judge.Evaluation;
import org.telenovela.corpus.MaskedText;
import org.telenovela.corpus.TrainingText;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains base models of several shapes for the same wall-clock budget, one after another on one core, and prints
 * held-out bits per character for each (the README's model comparison). Run from the project root:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp "engine/target/telenovela-engine.jar:engine/target/lib/*" tools/compare-specs/CompareSpecs.java \
 *     characters/corpus 12 char:1x256 bpe1500:1x256 bpe1500:1x512 char:2x512
 * </pre>
 *
 * A spec is {@code char} or {@code bpeN} (N merges), a colon, then LAYERSxHIDDEN, and optionally a colon and the
 * dropout ({@code bpe1500:1x256:0}: none). Learning rate, window length, seed, dropout and carried state (one-layer
 * shapes) are the defaults of
 * {@code reference.conf} (they had been written here, without dropout); the batch size is 32. Fluency: one line
 * sampled (temperature 0.45, top-p 0.95, decoding held to the training words, no candidates to choose from) for
 * each of the first 120 held-out lines' beat and speaker, scored by eval's word-trigram judge; the same figure for
 * those 120 real lines is printed first.
 */
public class CompareSpecs {
    public static void main(String[] args) throws Exception {
        Corpus corpus = Corpus.read(Path.of(args[0]));
        Config defaults = ConfigFactory.load().getConfig("telenovela.training.spec");
        double minutes = Double.parseDouble(args[1]);
        Beats beats = Beats.of(corpus.training().stream().flatMap(s -> s.lines().stream()).map(Screenplay.Line::beat).toList(),
                Screenplay.NO_BEAT);
        List<MaskedText> train = TrainingText.texts(corpus.training(), null);
        List<MaskedText> held = TrainingText.texts(corpus.heldOut(), null);
        List<Screenplay.Line> prompts = corpus.heldOut().stream().flatMap(s -> s.lines().stream()).limit(120).toList();
        List<String> trainingWords = corpus.training().stream().flatMap(s -> s.lines().stream())
                .flatMap(l -> Words.of(l.spoken()).stream()).toList();
        System.out.printf("held-out real lines: word-trigram perplexity %.0f%n",
                Evaluation.trigramPerplexity(corpus, prompts.stream().map(Screenplay.Line::spoken).toList()));
        System.out.printf("%-16s %8s %10s %12s %14s %10s %12s%n", "spec", "symbols", "chars/sym", "steps", "chars/s", "held bpc", "perplexity");
        for (int a = 2; a < args.length; a++) {
            String[] unitShape = args[a].split(":");
            String[] shape = unitShape[1].split("x");
            int merges = unitShape[0].equals("char") ? 0 : Integer.parseInt(unitShape[0].substring(3));
            double dropout = unitShape.length > 2 ? Double.parseDouble(unitShape[2]) : defaults.getDouble("dropout");
            int layers = Integer.parseInt(shape[0]);
            // carried state trains one-layer models only
            ModelSpec spec = new ModelSpec(layers, Integer.parseInt(shape[1]), defaults.getInt("tbptt-length"),
                    defaults.getDouble("learning-rate"), defaults.getLong("seed"), merges, dropout,
                    layers == 1 && defaults.getBoolean("carry-state"));
            long t0 = System.nanoTime();
            Vocabulary v = merges == 0 ? Vocabulary.standard()
                    : SubwordLearner.learn(Vocabulary.standard(), train.stream().map(MaskedText::text).toList(), merges);
            double learnS = (System.nanoTime() - t0) / 1e9;
            TrainingSet trainSet = TrainingSet.of(v, beats, train, spec.tbpttLength(), spec.carryState());
            TrainingSet heldSet = TrainingSet.of(v, beats, held, Trainer.evaluationWindow(spec));
            CharacterModel model = CharacterModel.create("base", spec, v, beats);
            t0 = System.nanoTime();
            long symbols = Trainer.trainFor(model, trainSet, 32, spec.seed(), (long) (minutes * 60e9));
            double secs = (System.nanoTime() - t0) / 1e9;
            double charsPerSymbol = trainSet.inputChars() / (double) trainSet.inputSymbols();
            double bpc = Trainer.bitsPerChar(model, heldSet);
            model.setWords(trainingWords);
            SamplingSettings one = new SamplingSettings(0.45, 0, 0.95, 220, 1);
            SplittableRandom random = new SplittableRandom(20261130);
            List<String> lines = new ArrayList<>();
            for (Screenplay.Line l : prompts) {
                model.clearState();
                lines.add(model.sample(l.beat() + "|" + l.cue() + ": ", one, random).get(0).text());
            }
            double perplexity = Evaluation.trigramPerplexity(corpus, lines);
            System.out.printf("%-16s %8d %10.2f %12d %14.0f %10.3f %12.0f   (vocabulary learned in %.1f s; %.2f epochs)%n", args[a],
                    v.size(), charsPerSymbol, symbols / 32 / spec.tbpttLength(), symbols * charsPerSymbol / secs, bpc, perplexity,
                    learnS, symbols / (double) trainSet.inputSymbols());
            System.out.println("    e.g. " + lines.get(0) + " / " + lines.get(1));
        }
    }
}
