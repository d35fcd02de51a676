package org.telenovela.importer;

import org.junit.jupiter.api.Test;
import org.telenovela.corpus.Screenplay;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubtitleImportTest {

    private static List<String> said(Importer.Converted c) {
        return Fixtures.written(c).stream().map(l -> l.cue() + ": " + l.spoken()).toList();
    }

    @Test
    void srtLinesAreUnattributedDashesSplitTurnsAndTagsAreStripped() {
        Importer.Converted c = Fixtures.convert("nocturno.srt");
        assertEquals(List.of(
                "UNATTRIBUTED: ¿Quién anda ahí?",
                "UNATTRIBUTED: Soy yo, abre la puerta.",
                "UNATTRIBUTED: ¡Jamás! Vete de aquí.",
                "UNATTRIBUTED: Esta casa guarda un secreto que nadie conoce.",
                "UNATTRIBUTED: ♪ Pingüino, ñandú y acción: ¡qué lío! ♪"), said(c));
        assertEquals(2, c.screenplay().scenes().size(), "a silence of 10 s or more starts a scene");
        ImportReport r = c.report();
        assertEquals(Map.of(), r.linesPerSpeaker());
        assertEquals(5, r.unattributedLines());
        assertEquals(Map.of('♪', 2), r.outsideVocabulary(), "reported, not silently dropped");
        assertTrue(r.describe().contains("2 × '♪' (U+266A)"), r.describe());
    }

    @Test
    void srtWithBomAndCrlfReadsLikeAnyOther() {
        assertEquals(List.of(
                "UNATTRIBUTED: ¿Vienes a la fiesta?",
                "UNATTRIBUTED: ¡Claro que sí!",
                "UNATTRIBUTED: Pues vámonos."), said(Fixtures.convert("bom-crlf.srt")));
    }

    @Test
    void webVttVoicesNameTheSpeakerAndNotesAndStylesAreSkipped() {
        Importer.Converted c = Fixtures.convert("mercado.vtt");
        assertEquals(List.of(
                "DOÑA LUCHA: ¡Mangos, mangos frescos!",
                "CHUCHO: ¿A cuánto el kilo, Doña Lucha? Tengo prisa.",
                "DOÑA LUCHA: A treinta & con regalo.",
                "UNATTRIBUTED: ¡Qué caro!",
                "UNATTRIBUTED: El sol se esconde detrás de los puestos."), said(c));
        assertEquals(Map.of("DOÑA LUCHA", 2, "CHUCHO", 1), c.report().linesPerSpeaker());
        assertEquals(2, c.report().unattributedLines());
    }

    @Test
    void ttmlAgentsAndNamesGiveSpeakersAndEntitiesAndBreaksAreRead() {
        Importer.Converted c = Fixtures.convert("faro.ttml");
        assertEquals(List.of(
                "AURORA: ¿DÓNDE ESTÁ IGNACIO? ¡NO LO VEO!",
                "IGNACIO: Aquí, junto al faro & la barca.",
                "UNATTRIBUTED: El viento sopla — fuerte.",
                "CAPITÁN RUIZ: ¡Todos a cubierto!",
                "UNATTRIBUTED: ¿Me oyen?"), said(c));
        assertEquals(List.of(new SkippedCue("fantasma", 17, "ttm:agent 'fantasma' is not declared with a <ttm:name>")),
                c.report().skippedCues());
    }

    @Test
    void sentenceCaseNormalisesAllCapsCaptionsKeepingAccentsAndSpanishPunctuation() {
        Importer.Converted c = Importer.convert(Fixtures.file("faro.ttml"), new Importer.Options(true));
        Screenplay.Line first = Fixtures.written(c).get(0);
        assertEquals("¿Dónde está Ignacio? ¡No lo veo!", first.text(), "the known speaker's name keeps its capital");
        assertEquals("Aquí, junto al faro & la barca.", Fixtures.written(c).get(1).text(), "mixed case is left alone");
        assertEquals("¿Dónde está?", SentenceCase.apply("¿DÓNDE ESTÁ?", java.util.Set.of()));
        assertEquals("Ñoño, ¡ven acá! Sí, ya voy.", SentenceCase.apply("ÑOÑO, ¡VEN ACÁ! SÍ, YA VOY.", java.util.Set.of()));
    }

    @Test
    void fountainPassesThroughUnchangedOnceValidated() {
        Importer.Converted c = Fixtures.convert("pasillo.fountain");
        assertEquals(c.fountain(), new String(readAll("pasillo.fountain"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Map.of("CLARA", 1, "ENFERMERA", 1), c.report().linesPerSpeaker());
        assertEquals("espera", Fixtures.written(c).get(0).beat());
        assertEquals("(nerviosa)", Fixtures.written(c).get(0).parenthetical());
    }

    private static byte[] readAll(String name) {
        try {
            return java.nio.file.Files.readAllBytes(Fixtures.file(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
