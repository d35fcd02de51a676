package org.telenovela.scene;

import org.telenovela.corpus.Words;
import org.telenovela.model.CharacterModel;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The director's taste: how good a candidate line is for this moment. It starts from the speaker's own
 * likelihood (mean log-probability per character) and penalises what an audience would not forgive: a line
 * already said in this episode, a line cut off at the length limit, a line too short to carry meaning, a line
 * that runs on into the next speaker's control code, a parenthetical left open, a line that goes round in a loop
 * ("¡Ay, no! ¡Ay, no! ¡Ay, no!": a loop is the likeliest text there is, so likelihood alone prefers it).
 * Lines that use the beat's cue words get a small bonus; the director adds how much likelier the line is under
 * its beat's code than under other beats', and subtracts a penalty for the share of its words the speaker's
 * model never saw in training (see {@link Steering}). This is deliberately not the evaluation judge.
 */
public final class CandidateScorer {
    static final double REPEAT = -50;
    static final double CUT = -3;
    static final double TOO_SHORT = -20;
    static final double CONTROL_LEAK = -20;
    static final double UNBALANCED = -2;
    static final int MIN_CHARS = 12;
    /** Per unit of the share of a line's word pairs that repeat an earlier pair of the same line. */
    static final double LOOP = -6;

    private CandidateScorer() {
    }

    public static double score(CharacterModel.SampledLine line, Set<String> alreadySaid, List<String> cueWords, double cueBonus) {
        double s = line.meanLogProb();
        String norm = Words.normalise(line.text());
        if (alreadySaid.contains(norm)) {
            s += REPEAT;
        }
        if (line.truncated()) {
            s += CUT;
        }
        if (line.text().indexOf('|') >= 0) {
            s += CONTROL_LEAK; // the model ran on into another line's "beat|CUE:" code
        }
        if (line.text().chars().filter(ch -> ch == '(').count() != line.text().chars().filter(ch -> ch == ')').count()) {
            s += UNBALANCED; // a parenthetical left open reads as a broken stage direction
        }
        if (line.text().strip().length() < MIN_CHARS || line.text().chars().noneMatch(Character::isLetter)) {
            s += TOO_SHORT;
        }
        s += LOOP * repeatedPairs(line.text());
        String lower = line.text().toLowerCase(Locale.ROOT);
        for (String cue : cueWords) {
            if (lower.contains(cue.toLowerCase(Locale.ROOT))) {
                s += cueBonus;
            }
        }
        return s;
    }

    /** The share of a line's adjacent word pairs that already occurred earlier in the same line (0 for none). */
    static double repeatedPairs(String text) {
        List<String> w = Words.of(text);
        if (w.size() < 3) {
            return 0;
        }
        Set<String> seen = new java.util.HashSet<>();
        int repeated = 0;
        for (int i = 0; i + 1 < w.size(); i++) {
            repeated += seen.add(w.get(i) + " " + w.get(i + 1)) ? 0 : 1;
        }
        return repeated / (double) (w.size() - 1);
    }

    /** A turn's candidates scored, the best one's index, and whether every one repeats a line already said. */
    record Ranked(List<SceneLog.Candidate> scored, int best, boolean allRepeats) {
    }

    /**
     * Scores each candidate ({@link #score}, plus the beat contrast and minus the unknown-word penalty the steering
     * asks for) and picks the best; the first of equal scores wins.
     *
     * @param contrast the candidates' log-probabilities under other beats' codes, or empty
     */
    static Ranked rank(List<CharacterModel.SampledLine> lines, List<Double> contrast, List<Double> unknownWordShare,
                       Set<String> alreadySaid, List<String> cueWords, Steering st) {
        List<SceneLog.Candidate> scored = new java.util.ArrayList<>();
        int best = 0;
        boolean allRepeats = true;
        for (int i = 0; i < lines.size(); i++) {
            CharacterModel.SampledLine l = lines.get(i);
            double beatContrast = contrast.isEmpty() ? 0 : (l.logProb() - contrast.get(i)) / (l.text().length() + 1);
            double score = score(l, alreadySaid, cueWords, st.cueBonus())
                    + st.contrastWeight() * beatContrast - st.unknownWordPenalty() * unknownWordShare.get(i);
            scored.add(new SceneLog.Candidate(l.text(), l.logProb(), score, l.truncated()));
            if (score > scored.get(best).score()) {
                best = i;
            }
            allRepeats &= alreadySaid.contains(Words.normalise(l.text()));
        }
        return new Ranked(List.copyOf(scored), best, allRepeats);
    }
}
