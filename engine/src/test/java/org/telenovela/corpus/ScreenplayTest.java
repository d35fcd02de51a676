package org.telenovela.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScreenplayTest {
    private static final String SCRIPT = """
            Title: Prueba
            Author: Tests

            INT. HACIENDA - NOCHE

            # reencuentro

            Valentina opens the door.

            VALENTINA
            (trembling)
            ¿Alejandro? No puede ser.

            @Doña Remedios
            Mija, siéntate.

            ALEJANDRO (V.O.)
            Volví por ti.
            Siempre volveré.

            CUT TO:

            EXT. PLAYA - DÍA

            # boda

            NARRADOR
            Y así termina nuestra historia.
            """;

    @Test
    void readsTitlePageScenesBeatsCuesParentheticalsAndDialogue() {
        Screenplay s = Screenplay.parse("test.fountain", SCRIPT);
        assertEquals("Prueba", s.titlePage().get("Title"));
        assertEquals(2, s.scenes().size());
        List<Screenplay.Line> first = s.scenes().get(0).lines();
        assertEquals(3, first.size());
        assertEquals(new Screenplay.Line("reencuentro", "VALENTINA", "(trembling)", "¿Alejandro? No puede ser.", 10), first.get(0));
        assertEquals("Doña Remedios", first.get(1).cue());
        assertEquals("ALEJANDRO", first.get(2).cue());
        assertEquals("Volví por ti. Siempre volveré.", first.get(2).text());
        assertEquals("boda", s.scenes().get(1).lines().get(0).beat());
    }

    @Test
    void rendersTheTrainingFormatWithTheBeatAndSpeakerInFront() {
        Screenplay s = Screenplay.parse("test.fountain", SCRIPT);
        String text = TrainingText.scene(s.scenes().get(0));
        assertTrue(text.startsWith("reencuentro|VALENTINA: (trembling) ¿Alejandro? No puede ser.\n"), text);
        assertEquals(3, text.lines().count());
    }

    @Test
    void acceptsCrlfAndByteOrderMark() {
        Screenplay s = Screenplay.parse("crlf.fountain", "\uFEFF" + SCRIPT.replace("\n", "\r\n"));
        assertEquals(2, s.scenes().size());
        assertEquals("¿Alejandro? No puede ser.", s.scenes().get(0).lines().get(0).text());
    }

    @Test
    void binaryAndNonUtf8FilesAreInputErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.fountain");
        Files.write(latin1, "VALENTINA\nAdi\u00f3s\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Screenplay.read(latin1));
        assertTrue(e.getMessage().startsWith(latin1.toString()), e.getMessage());

        Path binary = dir.resolve("binary.fountain");
        Files.write(binary, new byte[]{0, 1, 2, 3});
        assertThrows(InvalidInputException.class, () -> Screenplay.read(binary));
    }

    @Test
    void aCorpusWithoutDialogueIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("empty.fountain"), "Title: Nada\n\nJust action here.\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Corpus.read(dir));
        assertTrue(e.getMessage().contains("no dialogue"), e.getMessage());
    }

    @Test
    void holdsOutEveryNinthSceneDeterministically(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            sb.append("INT. ESCENA ").append(i).append(" - DÍA\n\nANA\nLínea ").append(i).append(".\n\n");
        }
        Files.writeString(dir.resolve("a.fountain"), sb.toString());
        Corpus c = Corpus.read(dir);
        assertEquals(2, c.heldOut().size(), "scenes 9 and 18 (of 1..25): over a tenth of the scenes");
        assertEquals(23, c.training().size());
        assertEquals("Línea 8.", c.heldOut().get(0).lines().get(0).text());
        assertEquals("Línea 17.", c.heldOut().get(1).lines().get(0).text());
        assertEquals(c.checksum(), Corpus.read(dir).checksum());
    }
}
