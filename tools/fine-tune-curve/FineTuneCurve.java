import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.MaskedText;
import org.telenovela.corpus.Screenplay;
import org.telenovela.corpus.TrainingText;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.Trainer;
import org.telenovela.model.TrainingSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One character's fine-tune (or a fresh base) trained epoch by epoch as {@code train} does it, printing the held-out
 * bits per character after every epoch both ways {@code eval} reports them: in the training windows (each from a
 * blank state) and on whole held-out scenes. For the README's trials (fine-tune length and rate, a falling rate,
 * half of a character's text). Run from the project root:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "engine/target/telenovela-engine.jar:engine/target/lib/*" \
 *     tools/fine-tune-curve/FineTuneCurve.java characters/corpus BASE.zip LUPITA 8 0.002 1 1
 * </pre>
 *
 * Arguments: the corpus folder; a base model saved with its optimiser state (the checkpoint {@code train} keeps in
 * {@code characters/.checkpoints/base.zip} until its fine-tunes end, which a fine-tune continues from); the cue of
 * the character to fine-tune, or {@code -} to train a fresh base of the same spec, vocabulary and beats; epochs; the
 * learning rate of the first epoch; the last epoch's rate as a share of it (the epochs between fall linearly; 1:
 * constant); the share of the training scenes to keep (1: all; 0.5: every other one). Seeds are {@code train}'s, so a
 * constant rate over all scenes gives {@code train}'s figures.
 */
public class FineTuneCurve {
    public static void main(String[] args) {
        if (args.length != 7) {
            System.err.println("usage: FineTuneCurve CORPUS BASE.zip CUE|- EPOCHS RATE LAST_SHARE SCENE_SHARE");
            System.exit(2);
        }
        Corpus corpus = Corpus.read(Path.of(args[0]));
        CharacterModel base = CharacterModel.load(Path.of(args[1]), true);
        String cue = args[2].equals("-") ? null : args[2];
        int epochs = Integer.parseInt(args[3]);
        double rate = Double.parseDouble(args[4]);
        double last = Double.parseDouble(args[5]);
        double share = Double.parseDouble(args[6]);
        List<Screenplay.Scene> kept = new ArrayList<>();
        for (int i = 0; i < corpus.training().size(); i++) {
            if (Math.floor((i + 1) * share) > Math.floor(i * share)) {
                kept.add(corpus.training().get(i));
            }
        }
        int window = base.info().spec().tbpttLength();
        TrainingSet own = TrainingSet.of(base.vocabulary(), base.beats(), TrainingText.texts(kept, cue), window,
                base.info().spec().carryState());
        List<MaskedText> heldOut = TrainingText.texts(corpus.heldOut(), cue);
        TrainingSet windows = TrainingSet.of(base.vocabulary(), base.beats(), heldOut, window);
        TrainingSet scenes = TrainingSet.of(base.vocabulary(), base.beats(), heldOut, Trainer.WHOLE_TEXT);
        String name = cue == null ? "base" : cue.toLowerCase(java.util.Locale.ROOT);
        CharacterModel model = cue == null
                ? CharacterModel.create("base", base.info().spec(), base.vocabulary(), base.beats())
                : base.copyAs(name);
        System.out.printf("%s: %d of %d training scenes, %d characters counted%n", name, kept.size(),
                corpus.training().size(), own.targetChars());
        long seed = base.info().spec().seed() ^ name.hashCode();
        for (int e = 0; e < epochs; e++) {
            double lr = rate * (1 - (1 - last) * e / Math.max(1, epochs - 1));
            model.setLearningRate(lr);
            double loss = Trainer.epoch(model, own, 32, seed, e, null);
            System.out.printf("epoch %d rate %.5f loss %.4f held-out %.4f whole scenes %.4f%n", e + 1, lr, loss,
                    Trainer.bitsPerChar(model, windows), Trainer.bitsPerChar(model, scenes));
        }
    }
}
