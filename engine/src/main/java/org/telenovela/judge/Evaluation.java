package org.telenovela.judge;

import org.telenovela.corpus.TrainingText;
import org.telenovela.cast.Cast;
import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.Screenplay;
import org.telenovela.corpus.Words;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.Trainer;
import org.telenovela.model.TrainingSet;
import org.telenovela.scene.Episode;
import org.telenovela.scene.CandidateScorer;
import org.telenovela.scene.SceneLog;
import org.telenovela.training.CastTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code telenovela eval} reports: how well the models predict real held-out lines, and how generated
 * episodes look to an independent judge (speaker and beat attribution), plus word-level sanity figures.
 */
public final class Evaluation {

    /**
     * Held-out bits per character on one character's own held-out lines: by the base and the fine-tuned model in
     * the training windows (each read from a blank state), and by the fine-tuned model reading each held-out scene
     * whole, from its start, as generation reads a scene.
     */
    public record BitsPerChar(String character, double base, double fineTuned, double fineTunedWholeScenes, long chars) {
    }

    /** Accuracy of the judge and the chance level of the same task. */
    public record Attribution(double accuracy, double chance, int lines) {
    }

    /** Everything, ready to print or serialise. */
    public record Report(List<BitsPerChar> heldOut, Attribution speakerReal, Attribution beatReal,
                         Attribution speakerGenerated, Attribution beatGenerated, Attribution beatWithoutConditioning,
                         double realWordShare, double perplexityGenerated, double perplexityRealHeldOut,
                         double repeatedLineShare, double copiedFromCorpusShare, double meanLineLength,
                         double corpusMeanLineLength, Map<String, Integer> terminations, int episodes) {
    }

    private final Corpus corpus;
    private final Cast cast;
    private final NaiveBayes speakerJudge = new NaiveBayes();
    private final NaiveBayes beatJudge = new NaiveBayes();
    private final WordTrigrams fluencyJudge = new WordTrigrams();
    private final Set<String> corpusWords = new HashSet<>();
    private final Set<String> corpusLines = new HashSet<>();

    public Evaluation(Corpus corpus, Cast cast) {
        this.corpus = corpus;
        this.cast = cast;
        for (Screenplay.Scene s : corpus.training()) {
            for (Screenplay.Line l : s.lines()) {
                if (l.attributed()) { // unattributed lines name no speaker to learn
                    speakerJudge.add(l.cue(), l.spoken());
                }
                beatJudge.add(l.beat(), l.spoken());
                fluencyJudge.add(l.spoken());
                corpusWords.addAll(Words.of(l.spoken()));
                corpusLines.add(Words.normalise(l.spoken()));
            }
        }
    }

    /**
     * The fluency judge alone: word-trigram perplexity of {@code lines} under the training split of {@code corpus}
     * (what {@code eval} reports for generated and held-out lines; lower reads more like the corpus).
     */
    public static double trigramPerplexity(Corpus corpus, List<String> lines) {
        WordTrigrams judge = new WordTrigrams();
        corpus.training().forEach(s -> s.lines().forEach(l -> judge.add(l.spoken())));
        return judge.perplexity(lines);
    }

    /** Base vs fine-tuned bits per character on each cast member's own held-out lines. */
    public List<BitsPerChar> heldOutBits(Path baseModel) {
        CharacterModel base = CharacterModel.load(baseModel);
        List<BitsPerChar> out = new ArrayList<>();
        for (Cast.Member m : cast.members()) {
            List<org.telenovela.corpus.MaskedText> texts = TrainingText.texts(corpus.heldOut(), m.cue());
            TrainingSet own = TrainingSet.of(base.vocabulary(), base.beats(), texts, base.info().spec().tbpttLength());
            if (own.targetChars() == 0) {
                continue;
            }
            TrainingSet scenes = TrainingSet.of(base.vocabulary(), base.beats(), texts, Trainer.WHOLE_TEXT);
            CharacterModel fine = CharacterModel.load(m.model());
            out.add(new BitsPerChar(m.id(), Trainer.bitsPerChar(base, own), Trainer.bitsPerChar(fine, own),
                    Trainer.bitsPerChar(fine, scenes), own.targetChars()));
        }
        return out;
    }

    /**
     * @param ablated the same episodes (same seeds) directed without beat conditioning; their beat attribution is
     *                what the conditioning is measured against
     */
    public Report report(Path baseModel, List<Episode> episodes, List<Episode> ablated) {
        Set<String> cues = new HashSet<>();
        cast.members().forEach(m -> cues.add(m.cue()));
        Set<String> beats = new HashSet<>();
        cast.plot().beats().forEach(b -> beats.add(b.id()));

        List<String[]> real = new ArrayList<>(); // cue, beat, text
        for (Screenplay.Scene s : corpus.heldOut()) {
            for (Screenplay.Line l : s.lines()) {
                real.add(new String[]{l.cue(), l.beat(), l.spoken()});
            }
        }
        List<String[]> generated = linesOf(episodes);
        Map<String, Integer> terminations = new TreeMap<>();
        int repeated = 0;
        int copied = 0;
        long words = 0;
        long realWords = 0;
        long length = 0;
        for (Episode e : episodes) {
            terminations.merge(e.result().termination().name(), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (SceneLog.Entry l : e.result().lines()) {
                String norm = Words.normalise(l.text());
                repeated += seen.add(norm) ? 0 : 1;
                copied += corpusLines.contains(norm) ? 1 : 0;
                for (String w : Words.of(l.text())) {
                    words++;
                    realWords += corpusWords.contains(w) ? 1 : 0;
                }
                length += l.text().length();
            }
        }
        double corpusLength = corpus.training().stream().flatMap(s -> s.lines().stream())
                .filter(l -> cues.contains(l.cue())).mapToInt(l -> l.spoken().length()).average().orElse(0);
        int n = Math.max(1, generated.size());
        return new Report(heldOutBits(baseModel),
                attribution(real, speakerJudge, 0, cues), attribution(real, beatJudge, 1, beats),
                attribution(generated, speakerJudge, 0, cues), attribution(generated, beatJudge, 1, beats),
                attribution(linesOf(ablated), beatJudge, 1, beats),
                words == 0 ? 0 : realWords / (double) words,
                fluencyJudge.perplexity(generated.stream().map(l -> l[2]).toList()),
                fluencyJudge.perplexity(real.stream().filter(l -> cues.contains(l[0])).map(l -> l[2]).toList()),
                repeated / (double) n, copied / (double) n,
                length / (double) n, corpusLength, terminations, episodes.size());
    }

    /** Every line of the episodes as {cue, beat, text}, what the judge reads. */
    private static List<String[]> linesOf(List<Episode> episodes) {
        List<String[]> out = new ArrayList<>();
        for (Episode e : episodes) {
            for (SceneLog.Entry l : e.result().lines()) {
                out.add(new String[]{l.cue(), l.beat(), l.text()});
            }
        }
        return out;
    }

    /** The judge's view of one episode's lines ({cue, beat, text} each): speaker and beat attribution. */
    public Map<String, Attribution> judge(List<String[]> generated) {
        Set<String> cues = new HashSet<>();
        cast.members().forEach(m -> cues.add(m.cue()));
        Set<String> beats = new HashSet<>();
        cast.plot().beats().forEach(b -> beats.add(b.id()));
        Map<String, Attribution> m = new LinkedHashMap<>();
        m.put("speaker", attribution(generated, speakerJudge, 0, cues));
        m.put("beat", attribution(generated, beatJudge, 1, beats));
        return m;
    }

    /** Accuracy of the judge on the lines whose true label is among {@code labels}, choosing among them only. */
    private static Attribution attribution(List<String[]> lines, NaiveBayes judge, int field, Set<String> labels) {
        Set<String> known = new HashSet<>(labels);
        known.retainAll(judge.labels());
        int total = 0;
        int right = 0;
        for (String[] l : lines) {
            if (!known.contains(l[field])) {
                continue;
            }
            total++;
            right += l[field].equals(judge.classify(l[2], known)) ? 1 : 0;
        }
        return new Attribution(total == 0 ? 0 : right / (double) total, known.isEmpty() ? 0 : 1.0 / known.size(), total);
    }

    /** Figures that should read the same in a table and in JSON. */
    public static Map<String, Object> summary(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodes", r.episodes());
        m.put("terminations", r.terminations());
        m.put("heldOutBitsPerChar", r.heldOut());
        m.put("speakerAttributionRealHeldOut", r.speakerReal());
        m.put("speakerAttributionGenerated", r.speakerGenerated());
        m.put("beatAdherenceRealHeldOut", r.beatReal());
        m.put("beatAdherenceGenerated", r.beatGenerated());
        m.put("beatAdherenceWithoutBeatConditioning", r.beatWithoutConditioning());
        m.put("realWordShare", r.realWordShare());
        m.put("wordTrigramPerplexityGenerated", r.perplexityGenerated());
        m.put("wordTrigramPerplexityRealHeldOut", r.perplexityRealHeldOut());
        m.put("repeatedLineShare", r.repeatedLineShare());
        m.put("copiedFromCorpusShare", r.copiedFromCorpusShare());
        m.put("meanLineLength", r.meanLineLength());
        m.put("corpusMeanLineLength", r.corpusMeanLineLength());
        return m;
    }

}
