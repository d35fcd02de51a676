package org.telenovela.cli;

import com.typesafe.config.ConfigFactory;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.telenovela.TinyCast;
import org.telenovela.cast.Cast;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SceneLog;
import org.telenovela.scene.SpeakerPolicy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepSessionTest {
    private record Outcome(List<SceneLog.Entry> lines, String screen) {
    }

    private static Outcome session(String script) throws IOException {
        Cast cast = Cast.load(TinyCast.cast());
        Production production = Production.prepare(cast, ConfigFactory.load());
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
            List<SceneLog.Entry> lines = new StepSession(production, cast, t, 7).run();
            t.flush();
            return new Outcome(lines, screen.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void steppingThroughGivesTheSameLinesAsAnUninterruptedScene() throws IOException {
        Outcome o = session("\nnext 3\nquit\n");
        assertEquals(4, o.lines().size(), o.screen());
        Cast cast = Cast.load(TinyCast.cast());
        List<SceneLog.Entry> whole = Production.prepare(cast, ConfigFactory.load())
                .play(7, cast.maxLines(), SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { }).result().lines();
        assertEquals(whole.subList(0, 4), o.lines());
        assertTrue(o.screen().contains("[beat 1/3 inicio | open threads: "), o.screen());
    }

    @Test
    void aPersonCanForceTheSpeakerSpeakAsACharacterAndMoveOnABeat() throws IOException {
        Outcome o = session("""
                who bruno
                next
                say ana: ¿Bruno? ¡Dios mío, eres tú!
                beat next
                temp 0.9
                show
                bogus
                help
                quit
                """);
        assertEquals("bruno", o.lines().get(0).speaker(), o.screen());
        SceneLog.Entry said = o.lines().get(1);
        assertEquals("ana", said.speaker());
        assertEquals("¿Bruno? ¡Dios mío, eres tú!", said.text());
        assertEquals(-1, said.chosen());
        assertTrue(o.screen().contains("beat 2/3: medio"), o.screen());
        assertTrue(o.screen().contains("temperature 0.9"), o.screen());
        assertTrue(o.screen().contains("unknown command 'bogus'"), o.screen());
        assertTrue(o.screen().contains("say NAME: text"), o.screen());
    }

    @Test
    void rerollUndoSaveAndLoadKeepTheSessionExact(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        List<SceneLog.Entry> straight = session("next 4\nquit\n").lines();

        Outcome rerolled = session("next 3\nreroll\nquit\n");
        assertEquals(straight.subList(0, 2), rerolled.lines().subList(0, 2));
        assertEquals(straight.get(2).speaker(), rerolled.lines().get(2).speaker(), "a re-roll keeps the speaker");
        assertTrue(!straight.get(2).text().equals(rerolled.lines().get(2).text()), "and draws another line");

        Outcome undone = session("next 3\nreroll\nundo\nnext\nquit\n");
        assertEquals(straight.subList(0, 3), undone.lines(), undone.screen());

        String file = dir.resolve("session.txt").toString();
        Outcome saved = session("next 3\nsave " + file + "\nquit\n");
        assertTrue(saved.screen().contains("saved 3 steps"), saved.screen());
        Outcome loaded = session("load " + file + "\nnext\nquit\n");
        assertEquals(straight, loaded.lines(), "the resumed session's next line is the uninterrupted session's");
    }

    @Test
    void endOfInputQuitsCleanly() throws IOException {
        Outcome o = session("next 2\n");
        assertEquals(2, o.lines().size(), o.screen());
    }
}
