package org.telenovela.scene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.plot.PlotTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arc's bookkeeping without actors: threads open and close by its rules, and how an arc ends. */
class ArcTest {
    private static final String PLOT = """
            title: Test arc
            roles: [heroine, lover, narrator]
            narrator: narrator
            threads:
              - id: amor
                description: love
            beats:
              - id: uno
                roles: [narrator, heroine]
                lines: [2, 2]
                opens: [amor]
                narrated: true
              - id: dos
                roles: [heroine, lover]
                lines: [1, 1]
                cues: [boda]
                closes: [amor]
            """;

    @TempDir
    Path dir;

    private Arc arc() throws IOException {
        Path f = dir.resolve("plot.yaml");
        Files.writeString(f, PLOT);
        return new Arc(PlotTemplate.load(f), 1);
    }

    @Test
    void aThreadOpensOnItsBeatsFirstLineAndClosesOnALineThatDoesTheClosingBeatsWork() throws IOException {
        Arc arc = arc();
        arc.startBeat(0);
        Arc.Step first = arc.accept("narrator", "Queridos televidentes...");
        assertEquals(List.of(ThreadEvent.opens("amor")), first.events());
        assertFalse(first.lastOfBeat());
        assertTrue(arc.accept("heroine", "¿Dónde estabas?").lastOfBeat(), "the beat has its two lines");
        arc.startBeat(1);
        Arc.Step plain = arc.accept("lover", "Aquí estoy.");
        assertTrue(plain.events().isEmpty(), "a line without the beat's cue words closes nothing");
        assertTrue(plain.threadsPending());
        assertFalse(plain.lastOfBeat(), "a beat does not end with its threads open");
        Arc.Step closing = arc.accept("heroine", "¡Sí, acepto, que sea la boda!");
        assertEquals(List.of(ThreadEvent.closes("amor", false)), closing.events());
        assertEquals("closes:amor", closing.events().get(0).code());
        assertTrue(closing.lastOfBeat());
        assertTrue(arc.isLastBeat());
        assertEquals(Termination.ARC_COMPLETE, arc.ending());
        assertEquals(List.of("uno", "dos"), arc.beatsPlayed());
    }

    @Test
    void theNarratorClosesAnOverdueBeatsThreadsWhateverTheLineSays() throws IOException {
        Arc arc = arc();
        arc.startBeat(0);
        arc.accept("narrator", "Uno.");
        arc.accept("heroine", "Dos.");
        arc.startBeat(1);
        Arc.Step s = null;
        for (int i = 0; i < 1 + ThreadCloser.EXTENSION; i++) {
            s = arc.accept("lover", "Nada que ver.");
        }
        assertTrue(arc.overdue(s));
        arc.narratorWillClose();
        Arc.Step closing = arc.accept("narrator", "Y así termina.");
        assertEquals(List.of(ThreadEvent.closes("amor", true)), closing.events());
        assertEquals("closes:amor (narrator)", closing.events().get(0).code());
    }

    @Test
    void anArcWithAThreadLeftOpenEndsUnresolvedNotComplete() throws IOException {
        Arc arc = arc();
        arc.startBeat(0);
        arc.accept("narrator", "Uno.");
        arc.startBeat(1); // a step-through skipped ahead
        assertEquals(List.of("amor"), arc.openThreads());
        assertEquals(Termination.ARC_UNRESOLVED, arc.ending());
    }
}
