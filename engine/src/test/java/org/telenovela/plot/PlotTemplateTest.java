package org.telenovela.plot;

import org.telenovela.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotTemplateTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            title: Test arc
            roles: [heroine, lover, narrator]
            narrator: narrator
            threads:
              - id: amor
                description: love
            beats:
              - id: uno
                roles: [narrator, heroine]
                lines: [2, 3]
                opens: [amor]
                narrated: true
              - id: dos
                roles: [heroine, lover]
                lines: [1, 2]
                closes: [amor]
            """;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("plot.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String error(String yaml) throws IOException {
        Path f = write(yaml);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlotTemplate.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage().substring(f.toString().length());
    }

    @Test
    void loadsAValidTemplate() throws IOException {
        PlotTemplate p = PlotTemplate.load(write(GOOD));
        assertEquals(2, p.beats().size());
        assertEquals(2, p.beat("uno").minLines());
        assertTrue(p.beat("uno").introducedByNarrator());
    }

    @Test
    void everyShippedTemplateIsValid() throws IOException {
        try (Stream<Path> s = Files.list(ProjectRoot.resolve("plots"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertTrue(PlotTemplate.load(f).beats().size() >= 3, f.toString());
            }
        }
    }

    @Test
    void anUnknownKeyIsReportedWithLineAndColumn() throws IOException {
        String msg = error(GOOD.replace("    lines: [1, 2]", "    lines: [1, 2]\n    colour: red"));
        assertTrue(msg.startsWith(":16:5: unknown key 'colour'"), msg);
        assertTrue(msg.contains("expected one of closes, cues"), msg);
    }

    @Test
    void aWrongTypeIsReportedWithLineAndColumn() throws IOException {
        String msg = error(GOOD.replace("lines: [2, 3]", "lines: [2, many]"));
        assertTrue(msg.startsWith(":10:16:"), msg);
        assertTrue(msg.contains("whole number"), msg);
    }

    @Test
    void anInvertedRangePointsAtTheRange() throws IOException {
        String msg = error(GOOD.replace("lines: [2, 3]", "lines: [3, 2]"));
        assertTrue(msg.startsWith(":10:12:"), msg);
        assertTrue(msg.contains("1 <= min <= max"), msg);
    }

    @Test
    void aThreadThatIsNeverClosedIsRejected() throws IOException {
        String msg = error(GOOD.replace("    closes: [amor]\n", ""));
        assertTrue(msg.contains("opened but no later beat closes it"), msg);
        assertTrue(msg.startsWith(":5:5:"), msg);
    }

    @Test
    void aThreadClosedBeforeItOpensIsRejected() throws IOException {
        String msg = error(GOOD.replace("    opens: [amor]\n", "    closes: [amor]\n").replace("lines: [1, 2]\n    closes: [amor]", "lines: [1, 2]\n    opens: [amor]"));
        assertTrue(msg.contains("closed before any beat opens it"), msg);
    }

    @Test
    void aDanglingRoleDuplicateBeatOrDuplicateKeyIsRejected() throws IOException {
        assertTrue(error(GOOD.replace("roles: [heroine, lover]", "roles: [heroine, villain]")).contains("unknown role 'villain'"));
        assertTrue(error(GOOD.replace("id: dos", "id: uno")).contains("used twice"));
        assertTrue(error(GOOD.replace("title: Test arc", "title: Test arc\ntitle: Again")).contains("duplicate key"));
    }

    @Test
    void aliasBombsAndBrokenYamlAreRejectedCleanly() throws IOException {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        error(bomb.toString());
        assertTrue(error("title: [unclosed\n").contains(":"));
        assertTrue(error("").contains("empty"));
    }
}
