package org.telenovela;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project folder for tests that read shipped files: found by its launcher, not assumed from the working directory. */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path path() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("telenovela")) && Files.isDirectory(p.resolve("characters"))
                    && Files.isRegularFile(p.resolve("config/cast.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no Telenovela project folder above " + Path.of("").toAbsolutePath());
    }

    public static Path resolve(String first, String... more) {
        return path().resolve(Path.of(first, more));
    }
}
