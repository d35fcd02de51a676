package org.telenovela.cast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;
import org.telenovela.TinyCast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastTest {
    @TempDir
    Path dir;

    private Path home() throws IOException {
        Path h = TinyCast.copyFixture(Files.createTempDirectory(dir, "home"));
        for (String id : new String[]{"ana", "bruno", "narrador"}) {
            Files.writeString(h.resolve("characters").resolve(id).resolve("model.zip"), "placeholder for existence checks");
        }
        return h;
    }

    private String error(String castYaml) throws IOException {
        Path h = home();
        Path f = h.resolve("config/cast.yaml");
        Files.writeString(f, castYaml);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Cast.load(f));
        return e.getMessage().replace(f.toString(), "CAST");
    }

    private String fixture() throws IOException {
        return Files.readString(TinyCast.copyFixture(Files.createTempDirectory(dir, "x")).resolve("config/cast.yaml"));
    }

    @Test
    void resolvesPlotSheetsModelsAndSamplingOverrides() throws IOException {
        Path h = home();
        Cast c = Cast.load(h.resolve("config/cast.yaml"));
        assertEquals("Tiny scene", c.title());
        assertEquals(3, c.members().size());
        assertEquals("ANA", c.byRole("heroine").cue());
        assertEquals(3, c.byRole("heroine").sampling().candidates());
        assertEquals(60, c.byRole("lover").sampling().maxLength());
        assertEquals(7, c.seed());
    }

    @Test
    void aRoleOfThePlotLeftUncastIsRejected() throws IOException {
        String yaml = fixture().replace("  - character: narrador\n    role: narrator\n", "");
        String msg = error(yaml);
        assertTrue(msg.contains("role 'narrator'") && msg.contains("not cast"), msg);
    }

    @Test
    void aMissingCharacterSheetNamesTheMemberLine() throws IOException {
        String msg = error(fixture().replace("character: bruno", "character: carlos"));
        assertTrue(msg.startsWith("CAST:12:16:"), msg);
        assertTrue(msg.contains("no character sheet for 'carlos'"), msg);
    }

    @Test
    void badSamplingValuesNameTheField() throws IOException {
        String msg = error(fixture().replace("candidates: 3", "candidates: 0"));
        assertTrue(msg.startsWith("CAST:8:15:"), msg);
        assertTrue(msg.contains("candidates must be 1..64"), msg);
    }

    @Test
    void wrongTypesAndUnknownKeysNameLineAndColumn() throws IOException {
        assertTrue(error(fixture().replace("seed: 7", "seed: seven")).startsWith("CAST:4:7: wrong type"));
        assertTrue(error(fixture().replace("seed: 7", "seed: 7\nsede: 8")).startsWith("CAST:5:1: unknown key 'sede'"));
    }

    @Test
    void nonUtf8BytesAreReportedWithTheirPlace() throws IOException {
        Path h = home();
        Path f = h.resolve("config/cast.yaml");
        Files.write(f, "title: Caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Cast.load(f));
        assertTrue(e.getMessage().startsWith(f + ":1:"), e.getMessage());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }
}
