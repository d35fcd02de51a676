package org.telenovela.importer;

import org.telenovela.corpus.Screenplay;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The import fixtures under {@code src/test/resources/import}: original text written for these tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Importer.Converted convert(String name) {
        return Importer.convert(file(name), new Importer.Options(false));
    }

    static List<Screenplay.Line> lines(Importer.Converted c) {
        return c.screenplay().scenes().stream().flatMap(s -> s.lines().stream()).toList();
    }

    /** The lines as read back from the Fountain that was written: what the corpus will see. */
    static List<Screenplay.Line> written(Importer.Converted c) {
        return Screenplay.parse(c.fileName(), c.fountain()).scenes().stream().flatMap(s -> s.lines().stream()).toList();
    }
}
