package org.telenovela.cli;

import org.telenovela.CliRun;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telenovela.TinyCast;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One hostile input at a time, through the command line as a user meets it: each must end with exit code 2
 * and one line that names the file it is about (and where in it), no stack trace, and nothing written.
 */
class HostileInputCatalogTest {

    interface Damage {
        void apply(Path home) throws IOException;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sheet: unknown key", "ana/character.yaml:6:1", (Damage) h ->
                        append(h.resolve("characters/ana/character.yaml"), "sede: Veracruz\n")),
                Arguments.of("sheet: wrong type", "ana/character.yaml:3:8", (Damage) h ->
                        replace(h.resolve("characters/ana/character.yaml"), "roles: [heroine]", "roles: {a: b}")),
                Arguments.of("sheet: missing field", "ana/character.yaml", (Damage) h ->
                        replace(h.resolve("characters/ana/character.yaml"), "cue: ANA\n", "")),
                Arguments.of("sheet: not UTF-8", "ana/character.yaml:1", (Damage) h ->
                        Files.write(h.resolve("characters/ana/character.yaml"), "name: Ana \u00f1\n".getBytes(StandardCharsets.ISO_8859_1))),
                Arguments.of("cast: deeply nested", "cast.yaml", (Damage) h ->
                        Files.writeString(h.resolve("config/cast.yaml"), "title: " + "[".repeat(500) + "]".repeat(500) + "\n")),
                Arguments.of("cast: larger than any cast could be", "cast.yaml", (Damage) h ->
                        Files.writeString(h.resolve("config/cast.yaml"), "title: x\n" + "# padding\n".repeat(200_000))),
                Arguments.of("cast: empty", "cast.yaml", (Damage) h -> Files.writeString(h.resolve("config/cast.yaml"), "")),
                Arguments.of("cast: absurd number", "cast.yaml:5:11", (Damage) h ->
                        replace(h.resolve("config/cast.yaml"), "maxLines: 40", "maxLines: 99999999999")),
                Arguments.of("cast: negative candidates", "cast.yaml", (Damage) h ->
                        replace(h.resolve("config/cast.yaml"), "candidates: 3", "candidates: -3")),
                Arguments.of("cast: duplicate key", "cast.yaml:2:", (Damage) h ->
                        replace(h.resolve("config/cast.yaml"), "title: Tiny scene\n", "title: Tiny scene\ntitle: Otra\n")),
                Arguments.of("plot: dangling forget", "tiny.yaml", (Damage) h ->
                        replace(h.resolve("plots/tiny.yaml"), "forget: [heroine]", "forget: [villain]")),
                Arguments.of("plot: alias bomb", "tiny.yaml", (Damage) h ->
                        Files.writeString(h.resolve("plots/tiny.yaml"), aliasBomb())),
                Arguments.of("model: truncated", "ana/model.zip", (Damage) h -> {
                    Path m = h.resolve("characters/ana/model.zip");
                    byte[] b = Files.readAllBytes(m);
                    Files.write(m, java.util.Arrays.copyOf(b, b.length / 2));
                }),
                Arguments.of("model: zip entry escaping its folder", "ana/model.zip", (Damage) h -> {
                    try (OutputStream o = Files.newOutputStream(h.resolve("characters/ana/model.zip"));
                         ZipOutputStream z = new ZipOutputStream(o)) {
                        z.putNextEntry(new ZipEntry("../../evil.sh"));
                        z.write("echo pwned".getBytes(StandardCharsets.UTF_8));
                        z.closeEntry();
                    }
                }),
                Arguments.of("model: random bytes", "ana/model.zip", (Damage) h ->
                        Files.write(h.resolve("characters/ana/model.zip"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachHostileInputIsOneLineNamingTheFileExitTwoAndNothingWritten(String name, String where, Damage damage,
                                                                         @TempDir Path dir) throws IOException {
        Path home = dir.resolve("home");
        TinyCast.copyTree(TinyCast.home(), home);
        damage.apply(home);
        Path out = dir.resolve("scene.fountain");
        CliRun.Result r = CliRun.run("run", home.resolve("config/cast.yaml").toString(), "--out", out.toString());
        assertEquals(2, r.code(), name + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), name + ": " + r.err());
        assertTrue(r.err().contains(where), name + ": expected '" + where + "' in: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), name + ": " + r.err());
        assertFalse(Files.exists(out), name + ": nothing written");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(home), left.toList(), name + ": no temp files left behind");
        }
    }

    @ParameterizedTest(name = "corpus: {0}")
    @MethodSource("corpora")
    void aCorpusThatCannotTrainAnythingIsRefusedBeforeAnyModelIsWritten(String name, byte[] content, @TempDir Path dir)
            throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        if (content != null) {
            Files.write(corpus.resolve("scene.fountain"), content);
        }
        Path characters = dir.resolve("characters");
        TinyCast.copyTree(TinyCast.home().resolve("characters/ana"), characters.resolve("ana"));
        Files.deleteIfExists(characters.resolve("ana/model.zip"));
        CliRun.Result r = CliRun.run("train", "--corpus", corpus.toString(), "--characters", characters.toString(),
                "--base-epochs", "1", "--fine-tune-epochs", "1");
        assertEquals(2, r.code(), name + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), name + ": " + r.err());
        assertTrue(r.err().contains("corpus"), name + ": " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), name + ": " + r.err());
        try (Stream<Path> files = Files.walk(characters)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".zip")), name + ": no model written");
        }
    }

    @ParameterizedTest(name = "cluster flags: {0}")
    @MethodSource("clusterFlags")
    void aBadClusterFlagIsOneLineNamingItExitTwoAndNothingWritten(String name, String where, List<String> args, @TempDir Path dir)
            throws IOException {
        Files.write(dir.resolve("garbage.p12"), new byte[]{1, 2, 3});
        Path out = dir.resolve("episodes");
        List<String> line = new java.util.ArrayList<>();
        for (String a : args) {
            line.add(a.replace("OUT", out.toString()).replace("CAST", TinyCast.cast().toString()).replace("DIR", dir.toString()));
        }
        CliRun.Result r = CliRun.run(line.toArray(String[]::new));
        assertEquals(2, r.code(), name + ": " + r.err());
        // a misused flag may add picocli's pointer to --help on a line of its own
        assertEquals(1, r.err().strip().lines().filter(l -> !l.startsWith("Try '")).count(), name + ": " + r.err());
        assertTrue(r.err().contains(where), name + ": expected '" + where + "' in: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), name + ": " + r.err());
        assertFalse(Files.exists(out), name + ": nothing written");
    }

    static Stream<Arguments> clusterFlags() {
        List<String> batch = List.of("batch", "CAST", "--episodes", "2", "--out", "OUT");
        java.util.function.Function<List<String>, List<String>> with = extra ->
                Stream.concat(batch.stream(), extra.stream()).toList();
        return Stream.of(
                Arguments.of("--workers without --cluster", "--workers", with.apply(List.of("--workers", "2"))),
                Arguments.of("--parallel with --cluster", "--parallel", with.apply(List.of("--cluster", "--parallel", "2"))),
                Arguments.of("port out of range", "--port", with.apply(List.of("--cluster", "--port", "70000"))),
                Arguments.of("negative workers", "--workers", with.apply(List.of("--cluster", "--workers", "-1"))),
                Arguments.of("beyond loopback without TLS", "--bind", with.apply(List.of("--cluster", "--bind", "192.0.2.7"))),
                Arguments.of("keystore missing", "missing.p12", with.apply(List.of("--cluster", "--keystore", "DIR/missing.p12"))),
                Arguments.of("keystore without its password", "garbage.p12", with.apply(List.of("--cluster", "--keystore", "DIR/garbage.p12"))),
                Arguments.of("worker: --join without a port", "--join", List.of("worker", "CAST", "--join", "localhost")),
                Arguments.of("worker: --join port not a number", "--join", List.of("worker", "CAST", "--join", "localhost:http")),
                Arguments.of("worker: --join port out of range", "--join", List.of("worker", "CAST", "--join", "localhost:99999")));
    }

    static Stream<Arguments> corpora() {
        byte[] binary = new byte[4096];
        new java.util.Random(1).nextBytes(binary);
        return Stream.of(
                Arguments.of("empty folder", null),
                Arguments.of("binary file", binary),
                Arguments.of("no dialogue", "INT. SALA - NOCHE\n\nNadie habla. Llueve.\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static String aliasBomb() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String p = String.valueOf((char) (c - 1));
            sb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append("]\n");
        }
        return sb.toString();
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, Files.readString(f) + text);
    }

    private static void replace(Path f, String from, String to) throws IOException {
        String s = Files.readString(f);
        assertTrue(s.contains(from), f + " holds " + from);
        Files.writeString(f, s.replace(from, to));
    }
}
