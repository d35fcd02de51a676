package org.telenovela.scene;

import org.junit.jupiter.api.Test;
import org.telenovela.model.CharacterModel;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateScorerTest {
    private static double score(String text, double logProbPerChar) {
        return CandidateScorer.score(new CharacterModel.SampledLine(text, logProbPerChar * (text.length() + 1), false),
                Set.of(), List.of(), 0);
    }

    @Test
    void aLineThatGoesRoundInALoopLosesToALessLikelyLineThatSaysSomething() {
        String loop = "¡Ay, no! ¡Ay, no! ¡Ay, no! ¡Ay, no! ¡Ay, no! ¡Ay, no!";
        String line = "¡Ay, no, amiga! The captain is back and the whole port is talking.";
        assertTrue(CandidateScorer.repeatedPairs(loop) > 0.7);
        assertEquals(0, CandidateScorer.repeatedPairs(line));
        assertTrue(score(line, -0.9) > score(loop, -0.1), "a loop is likelier but reads worse");
    }

    @Test
    void aLineAlreadySaidInTheEpisodeIsPenalisedWhateverItsCaseAndPunctuation() {
        CharacterModel.SampledLine l = new CharacterModel.SampledLine("¡Dios mío, Alejandro!", -10, false);
        double fresh = CandidateScorer.score(l, Set.of(), List.of(), 0);
        double again = CandidateScorer.score(l, Set.of("dios mío alejandro"), List.of(), 0);
        assertEquals(CandidateScorer.REPEAT, again - fresh, 1e-9);
    }
}
