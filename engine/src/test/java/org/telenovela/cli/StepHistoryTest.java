package org.telenovela.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepHistoryTest {
    @Test
    void everyStepReadsBackFromItsSavedLine() {
        List<SceneStep> steps = List.of(new SceneStep.Next(), new SceneStep.Who("lupita"), new SceneStep.Say("ana", "¿Y tú: quién?"),
                new SceneStep.NextBeat(), new SceneStep.Temperature(0.7), new SceneStep.Temperature(null), new SceneStep.Reroll(3));
        for (SceneStep s : steps) {
            assertEquals(s, SceneStep.parse(s.line()), s.line());
        }
        assertThrows(IllegalArgumentException.class, () -> SceneStep.parse("dance"));
    }

    @Test
    void undoTakesBackTheLastWrittenLineAndWhatCameAfterIt() {
        StepHistory h = new StepHistory();
        assertFalse(h.undo(), "nothing to undo");
        h.add(new SceneStep.Next());
        h.add(new SceneStep.Say("ana", "Hola."));
        h.add(new SceneStep.Temperature(0.9));
        assertTrue(h.undo());
        assertEquals(List.of(new SceneStep.Next()), h.steps());
    }

    @Test
    void aRerollReplacesTheLastCastLineAndRerollingAgainTakesTheNextSalt() {
        StepHistory h = new StepHistory();
        h.add(new SceneStep.Next());
        h.add(new SceneStep.Next());
        assertTrue(h.reroll("bruno"));
        assertEquals(List.of(new SceneStep.Next(), new SceneStep.Who("bruno"), new SceneStep.Reroll(1)), h.steps());
        h.add(new SceneStep.Next());
        assertTrue(h.reroll("bruno"));
        assertEquals(List.of(new SceneStep.Next(), new SceneStep.Who("bruno"), new SceneStep.Reroll(2)), h.steps());
        h.add(new SceneStep.Say("ana", "Yo."));
        assertFalse(h.reroll("ana"), "a line a person typed is not re-rolled");
    }
}
