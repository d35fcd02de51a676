package org.telenovela.scene;

/**
 * How the director steers lines toward the current beat.
 *
 * @param beatCodes      prompt (and let characters hear) each line with its beat's control code; off, every
 *                       line carries the no-beat code: the ablation that shows what beat conditioning is worth
 * @param contrastBeats  how many other beats each candidate is also scored under (0: none)
 * @param contrastWeight weight of the contrast, per character: log P(line | this beat) - log P(line | others)
 * @param cueBonus       bonus per cue word of the beat a line uses
 * @param unknownWordPenalty penalty times the share of a line's words that the speaker's model never saw in
 *                       training (made-up words); 0 by default, since decoding keeps to known words. Not about
 *                       beats, so the ablation keeps it
 */
public record Steering(boolean beatCodes, int contrastBeats, double contrastWeight, double cueBonus,
                       double unknownWordPenalty) {
    public static final Steering DEFAULT = new Steering(true, 0, 30, 0.3, 0); // as reference.conf

    public Steering {
        if (contrastBeats < 0 || contrastBeats > 16 || !(contrastWeight >= 0 && contrastWeight <= 100)
                || !(cueBonus >= 0 && cueBonus <= 100) || !(unknownWordPenalty >= 0 && unknownWordPenalty <= 100)) {
            throw new IllegalArgumentException("steering out of range: contrast-beats 0..16, contrast-weight, cue-bonus"
                    + " and unknown-word-penalty 0..100");
        }
    }

    /** The same choice of lines without any beat conditioning: the ablation. */
    public Steering withoutBeatConditioning() {
        return new Steering(false, 0, 0, 0, unknownWordPenalty);
    }
}
