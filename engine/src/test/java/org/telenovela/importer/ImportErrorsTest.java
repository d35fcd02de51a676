package org.telenovela.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad source is one message naming the file (and the line where there is one). */
class ImportErrorsTest {

    private static String error(String fixture) {
        Path file = Fixtures.file(fixture);
        String message = assertThrows(InvalidInputException.class, () -> Importer.convert(file, new Importer.Options(false))).getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        return message.substring(file.toString().length());
    }

    @Test
    void aMalformedSrtTimestampNamesItsLine() {
        assertEquals(":6: malformed timestamp '00:00:03.5 -> 00:00:04,000' (expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm', "
                + "e.g. '00:01:02,500 --> 00:01:04,000')", error("bad-timestamp.srt"));
    }

    @Test
    void aMalformedVttTimingNamesItsLineAndTheHeaderIsRequired() {
        assertTrue(error("bad-timing.vtt").startsWith(":6: malformed cue timing '00:00:03,000 --> 00:00:04.000'"));
        assertEquals(":1: missing the 'WEBVTT' header (a WebVTT file starts with the line WEBVTT)", error("sin-cabecera.vtt"));
    }

    @Test
    void ttmlWithADoctypeIsRefusedSoNoEntityCanReachOutsideTheFile() {
        String e = error("doctype.ttml");
        assertTrue(e.startsWith(":2:"), e);
        assertTrue(e.contains("DOCTYPE is not allowed"), e);
    }

    @Test
    void brokenXmlNamesLineAndColumn() {
        String e = error("roto.ttml");
        assertTrue(e.matches(":6:\\d+: not well-formed XML: .*"), e);
    }

    @Test
    void emptyFilesAreAnErrorNotAnEmptyScript() {
        assertEquals(": empty file: nothing to import", error("vacio.srt"));
    }

    @Test
    void otherEncodingsAreRefusedByName() {
        assertEquals(": UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8", error("utf16.txt"));
        assertEquals(":2: not UTF-8 text (byte 0xF1); save the file as UTF-8", error("latin1.txt"));
    }

    @Test
    void aFountainCueWithTheTrainingSeparatorNamesItsLine() {
        assertTrue(error("bad-cue.fountain").startsWith(":6: character cue 'CLARA|DOS' may not contain '|' or ':'"));
    }

    @Test
    void unknownExtensionsAreNamed(@TempDir Path dir) throws IOException {
        Path doc = Files.writeString(dir.resolve("guion.docx"), "x");
        String e = assertThrows(InvalidInputException.class, () -> Importer.convert(doc, new Importer.Options(false))).getMessage();
        assertTrue(e.startsWith(doc + ": unknown source format '.docx'"), e);
    }

    @Test
    void nothingIsWrittenWhenOneSourceIsBadAndNothingIsOverwrittenWithoutForce(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("corpus");
        java.util.List<Path> sources = java.util.List.of(Fixtures.file("cafe.txt"), Fixtures.file("bad-timestamp.srt"));
        assertThrows(InvalidInputException.class, () -> Importer.importAll(sources, out, new Importer.Options(false), false));
        assertFalse(Files.exists(out.resolve("cafe.fountain")));

        Importer.importAll(java.util.List.of(Fixtures.file("cafe.txt")), out, new Importer.Options(false), false);
        String again = assertThrows(InvalidInputException.class, () -> Importer.importAll(
                java.util.List.of(Fixtures.file("cafe.txt")), out, new Importer.Options(false), false)).getMessage();
        assertEquals(out.resolve("cafe.fountain") + ": already exists (use --force to overwrite)", again);
        Importer.importAll(java.util.List.of(Fixtures.file("cafe.txt")), out, new Importer.Options(false), true);
    }
}
