package org.telenovela.importer;

import org.junit.jupiter.api.Test;
import org.telenovela.corpus.Screenplay;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptImportTest {

    @Test
    void cuesStartLinesOrFollowASentenceAndUncuedLinesContinueTheSpeaker() {
        Importer.Converted c = Fixtures.convert("cafe.txt");
        List<Screenplay.Line> lines = Fixtures.written(c);
        List<String> said = lines.stream().map(l -> l.beat() + "|" + l.cue() + ": " + l.spoken()).toList();
        assertEquals(List.of(
                "-|UNATTRIBUTED: La lluvia golpea los cristales del Café Esperanza.",
                "llegada|LATIN LOVER NARRATOR: Esta noche, en el Café Esperanza, nadie sospecha lo que está por pasar.",
                "llegada|MARISOL: (secándose las manos) ¿Otra vez llueve? Ya son las 10:30 y Tadeo no llega. Nota: el pastel de tres leches se sirve frío.",
                "llegada|TADEO: (entrando, empapado) ¡Aquí estoy, Marisol! Perdón por la tardanza.",
                "llegada|TADEO: Traje pan dulce para la señora Güemes.",
                "secreto|MARISOL: ¿Para ella? Siempre ella.",
                "secreto|TADEO: ¿Celosa, mi reina?",
                "secreto|MARISOL: No, sólo cansada —dijo ella, sin mirarlo.",
                "secreto|TADEO: ¿Y tú?",
                "secreto|TADEO: Nunca te mentiría."), said);
        assertEquals("(secándose las manos)", lines.get(2).parenthetical());
        assertEquals("(entrando, empapado)", lines.get(3).parenthetical(), "brackets become a parenthetical");
    }

    @Test
    void reportCountsSpeakersUnattributedLinesAndSkippedCues() {
        ImportReport r = Fixtures.convert("cafe.txt").report();
        assertEquals(Map.of("TADEO", 5, "MARISOL", 3, "LATIN LOVER NARRATOR", 1), r.linesPerSpeaker());
        assertEquals(List.of("TADEO", "MARISOL", "LATIN LOVER NARRATOR"), List.copyOf(r.linesPerSpeaker().keySet()), "most lines first");
        assertEquals(1, r.unattributedLines());
        assertEquals(List.of(new SkippedCue("Nota", 8, "'Nota:' is a label word, not a speaker; kept as text"),
                new SkippedCue("Marisol", 16, "no dialogue after the cue")), r.skippedCues());
        assertTrue(r.outsideVocabulary().isEmpty(), r.outsideVocabulary().toString());
        assertTrue(r.describe().contains("skipped cue 'Nota' at line 8"), r.describe());
    }

    @Test
    void theCueRuleKeepsOrdinaryColonsAsText() {
        assertTrue(TranscriptReader.cueShape("Juan"));
        assertTrue(TranscriptReader.cueShape("Doña Lucha"));
        assertTrue(TranscriptReader.cueShape("María de la Luz"));
        assertTrue(TranscriptReader.cueShape("Latin lover narrator"));
        assertFalse(TranscriptReader.cueShape("Ella dijo"), "lower-case words make prose, not a cue");
        assertFalse(TranscriptReader.cueShape("Uno Dos Tres Cuatro Cinco"), "more than four words");
        assertTrue(TranscriptReader.labelWord("Note"));
        String text = """
                Juan: Son las 10:30. Note: bring the ring.
                Lo supo entonces, la verdad: nadie vino. Ella dijo: nada.
                Ver http://example.org: nada.
                """;
        List<Screenplay.Line> lines = TranscriptReader.read("t.txt", text, false).screenplay().scenes().get(0).lines();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("JUAN", lines.get(0).cue());
        assertTrue(lines.get(0).text().endsWith("Ver http://example.org: nada."), lines.get(0).text());
    }

    @Test
    void aOneParagraphTranscriptWithSpeakersHeardOnceKeepsEverySpeaker() throws Exception {
        String wall = Files.readString(Fixtures.file("una-sola-toma.txt"));
        assertEquals(1, wall.strip().split("\n").length, "the fixture is one paragraph");
        List<Screenplay.Line> lines = TranscriptReader.read("una-sola-toma.txt", wall, false).screenplay().scenes().get(0).lines();
        Set<String> cues = new java.util.TreeSet<>();
        lines.forEach(l -> cues.add(l.cue()));
        assertEquals(Set.of("MICAELA", "LUISA", "CAMARERA", "DON ERNESTO", "PADRE ANSELMO", "NIÑA", "MARIO",
                "SEÑORA TORRE", "NARRADORA", "CARTERO", "JULIÁN", "TÍA CHUY"), cues);
        assertTrue(lines.stream().noneMatch(l -> l.cue().equals("NOTA")), "label words stay text");
        assertTrue(lines.stream().anyMatch(l -> l.text().contains("Nota: la sopa")), "and are kept in the line");
    }

    @Test
    void aNameSeenTwiceMidParagraphIsACueEvenWithoutALineOfItsOwn() {
        String wall = "Juan: Hola. Rita: Hola, Juan. Juan: ¿Cómo estás? Rita: Bien.\n";
        List<String> cues = TranscriptReader.read("t.txt", wall, false).screenplay().scenes().get(0).lines().stream()
                .map(Screenplay.Line::cue).toList();
        assertEquals(List.of("JUAN", "RITA", "JUAN", "RITA"), cues);
    }
}
