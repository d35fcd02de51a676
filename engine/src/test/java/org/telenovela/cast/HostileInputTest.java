package org.telenovela.cast;

import org.telenovela.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded mutator takes the shipped cast and plot files apart 1000 times each. Every mutant either loads or
 * fails with one input error that names the file (and a line:column where it has one); nothing else escapes.
 */
class HostileInputTest {
    private static final String[] NASTY = {"-1", "0", "99999999999", "1e308", "[]", "{}", "~", "null", "&a [*a]", "*nope",
            "\"\\u0000\"", "[5, 1]", "true", "'", "\"", ":", "- ", "\t", "  ", "é", "¿", "!!binary AAAA", "<<: *x"};

    @TempDir
    Path dir;

    @Test
    void a1000MutantsOfTheShippedCastAnd1000OfItsPlotEachLoadOrFailWithOneClearMessage() throws IOException {
        Path home = ProjectRoot.path();
        String cast = Files.readString(home.resolve("config/cast.yaml"));
        String plot = Files.readString(home.resolve("plots/amor-perdido.yaml"));
        Path plots = Files.createDirectories(dir.resolve("plots"));
        Path config = Files.createDirectories(dir.resolve("config"));
        Path castFile = config.resolve("cast.yaml");
        Path plotFile = plots.resolve("amor-perdido.yaml");
        String castHeader = cast.replace("characters: ../characters", "characters: " + home.resolve("characters"));
        Random random = new Random(20261125);
        int loaded = 0;
        for (int i = 0; i < 2000; i++) {
            boolean mutateCast = i % 2 == 0;
            byte[] c = (mutateCast ? mutate(castHeader, random) : castHeader.getBytes(StandardCharsets.UTF_8));
            byte[] p = (mutateCast ? plot.getBytes(StandardCharsets.UTF_8) : mutate(plot, random));
            Files.write(castFile, c);
            Files.write(plotFile, p);
            long t0 = System.nanoTime();
            try {
                Cast.load(castFile);
                loaded++;
            } catch (InvalidInputException e) {
                String m = e.getMessage();
                assertTrue(m.startsWith(castFile.toString()) || m.startsWith(plotFile.toString())
                        || m.startsWith(home.resolve("characters").toString()), "names the file: " + m);
                assertTrue(!m.contains("\n"), "one line: " + m);
            } catch (RuntimeException e) {
                fail("mutant " + i + " escaped as " + e + "\n--- cast\n" + new String(c, StandardCharsets.UTF_8)
                        + "\n--- plot\n" + new String(p, StandardCharsets.UTF_8), e);
            }
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "mutant " + i + " took over a second");
        }
        assertTrue(loaded > 0 && loaded < 2000, "some mutants are harmless, most are not: " + loaded);
    }

    private static byte[] mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            switch (r.nextInt(9)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> lines.set(i, line.isEmpty() ? line : line.substring(0, r.nextInt(line.length())));
                case 3 -> lines.set(i, line.replaceAll("\\d+(\\.\\d+)?", NASTY[r.nextInt(3)]));
                case 4 -> lines.set(i, line + " " + NASTY[r.nextInt(NASTY.length)]);
                case 5 -> lines.set(i, line.replaceFirst(":\\s.*", ": " + NASTY[r.nextInt(NASTY.length)]));
                case 6 -> lines.set(i, "  " + line);
                case 7 -> lines.set(i, line.replaceFirst("[a-z]", "zz"));
                default -> {
                    int j = r.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(20) == 0 && bytes.length > 0) {
            bytes[r.nextInt(bytes.length)] = (byte) (0x80 + r.nextInt(0x40)); // a stray non-UTF-8 byte
        }
        return bytes;
    }
}
