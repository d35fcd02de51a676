package org.telenovela;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the shipped cast writes, pinned byte for byte: the default scene (seed 42) and one episode of each shipped
 * plot. A refactor, a JDK or a CPU that changes the output fails here. After retraining the models, update the
 * files deliberately: {@code mvn -B verify -Dgolden.update=true}, then read the diff before committing it.
 */
class GoldenSceneTest {
    private static final Path GOLDEN = ProjectRoot.resolve("engine", "src", "test", "resources", "golden");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cast.yaml, default-seed-42.fountain", "cast-gemela-malvada.yaml, gemela-malvada.fountain",
            "cast-herencia-robada.yaml, herencia-robada.fountain"})
    void theShippedCastWritesTheGoldenScene(String cast, String golden) throws IOException {
        CliRun.Result r = CliRun.run("run", ProjectRoot.resolve("config", cast).toString());
        assertEquals(0, r.code(), r.err());
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, r.out());
        }
        assertEquals(Files.readString(file), r.out(), "the scene differs from " + file + " (see the class comment)");
    }
}
