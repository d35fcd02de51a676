package org.telenovela;

import java.nio.file.Path;

/** The project folder: where the launcher lives (TELENOVELA_HOME), else the working directory. */
public final class ProjectHome {
    private ProjectHome() {
    }

    public static Path get() {
        String h = System.getenv("TELENOVELA_HOME");
        return (h != null && !h.isBlank() ? Path.of(h) : Path.of("")).toAbsolutePath().normalize();
    }

    /**
     * A file as an episode records it: relative to the project folder when it lies inside it (so a moved or cloned
     * project still replays), else absolute.
     */
    public static String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path home = get();
        return (abs.startsWith(home) ? home.relativize(abs) : abs).toString().replace('\\', '/');
    }

    /** The inverse of {@link #relative}. */
    public static Path resolve(String recorded) {
        return get().resolve(recorded).normalize();
    }
}
