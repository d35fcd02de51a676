package org.telenovela;

import org.telenovela.model.ModelSpec;
import org.telenovela.training.CastTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny cast trained inside the tests, once per JVM: the few-KB corpus under {@code src/test/resources/tiny},
 * a 1x32 LSTM base and one fine-tune per character. Seconds, not minutes.
 */
public final class TinyCast {
    public static final ModelSpec SPEC = new ModelSpec(1, 32, 40, 0.02, 5);
    private static Path home;

    private TinyCast() {
    }

    /** A folder laid out like the project (characters/, plots/, config/cast.yaml) with trained models. */
    public static synchronized Path home() {
        if (home == null) {
            try {
                home = copyFixture(Files.createTempDirectory("tiny-cast"));
                train(home, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return home;
    }

    public static Path cast() {
        return home().resolve("config").resolve("cast.yaml");
    }

    /** A fresh copy of the fixture folders (no models) in {@code dir}. */
    public static Path copyFixture(Path dir) throws IOException {
        Path src;
        try {
            src = Path.of(TinyCast.class.getResource("/tiny").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        copyTree(src, dir);
        return dir;
    }

    /** Every file directly in {@code folder}, by name, with its text: what tests compare output folders by. */
    public static java.util.Map<String, String> contents(Path folder) throws IOException {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return m;
    }

    /** Copies a folder and everything below it. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    public static CastTrainer.Plan plan(Path home, int baseEpochs, int fineEpochs, boolean resume) {
        return new CastTrainer.Plan(home.resolve("characters/corpus"), home.resolve("characters"), SPEC, 16,
                baseEpochs, fineEpochs, 0.01, 50, 1, resume, List.of());
    }

    public static void train(Path home, boolean resume) throws IOException, InterruptedException {
        new CastTrainer(plan(home, 20, 5, resume), QUIET).run();
    }

    public static final CastTrainer.Listener QUIET = new CastTrainer.Listener() { };
}
