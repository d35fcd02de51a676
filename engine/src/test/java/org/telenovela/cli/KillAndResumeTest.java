package org.telenovela.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;
import org.telenovela.model.CharacterModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real subprocesses killed with SIGKILL mid-run, then resumed: nothing lost, nothing duplicated, same result. */
class KillAndResumeTest {
    @TempDir
    Path dir;

    private static Process start(Path home, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.telenovela.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TELENOVELA_HOME", home.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /**
     * Kills the child with SIGKILL as soon as {@code ready} holds; returns whether it was still running then, i.e.
     * whether the kill came at the intended point (not a child that died at start-up or had already finished).
     */
    private static boolean killWhen(Process p, java.util.function.BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ready.getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean atThePoint = ready.getAsBoolean() && p.isAlive();
        p.destroyForcibly().waitFor(); // SIGKILL on Linux
        return atThePoint;
    }


    @Test
    void aBatchKilledWithSigkillAndResumedWritesTheSameFolder() throws Exception {
        String cast = TinyCast.cast().toString();
        Path whole = dir.resolve("whole");
        // the whole run in a process of its own too, so that both record the cast file against the same project folder
        Process straight = start(TinyCast.home(), "batch", cast, "--episodes", "6", "--out", whole.toString(), "--seed", "4");
        assertTrue(straight.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, straight.exitValue());

        Path cut = dir.resolve("cut");
        Process p = start(TinyCast.home(), "batch", cast, "--episodes", "6", "--out", cut.toString(), "--seed", "4");
        assertTrue(killWhen(p, () -> Files.exists(cut.resolve("episode-0002.json"))), "killed while running, after episode 2");
        assertTrue(Files.notExists(cut.resolve("index.json")) || !Files.exists(cut.resolve("episode-0006.json")),
                "killed before the end");
        Process resumed = start(TinyCast.home(), "batch", cast, "--episodes", "6", "--out", cut.toString(), "--seed", "4", "--resume");
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue());
        assertEquals(TinyCast.contents(whole), TinyCast.contents(cut));
    }

    @Test
    void trainingKilledWithSigkillAndResumedGivesTheSameModels() throws Exception {
        Path straight = TinyCast.copyFixture(Files.createDirectory(dir.resolve("straight")));
        // with dropout, as the shipped cast trains: the resumed process must draw the same units as this run
        org.telenovela.model.ModelSpec spec = new org.telenovela.model.ModelSpec(1, 32, 40, 0.02, 5, 0, 0.2);
        new org.telenovela.training.CastTrainer(new org.telenovela.training.CastTrainer.Plan(straight.resolve("characters/corpus"),
                straight.resolve("characters"), spec, 16, 20, 5, 0.01, 50, 1, false, List.of()), TinyCast.QUIET).run();

        Path killed = TinyCast.copyFixture(Files.createDirectory(dir.resolve("killed")));
        Files.writeString(Files.createDirectories(killed.resolve("config")).resolve("telenovela.conf"), """
                telenovela.training {
                  spec { layers = 1, hidden-size = 32, tbptt-length = 40, learning-rate = 0.02, seed = 5, merges = 0, dropout = 0.2 }
                  batch-size = 16, base-epochs = 20, fine-tune-epochs = 5, fine-tune-learning-rate = 0.01,
                  min-character-chars = 50, parallel = 1, only = []
                }
                """);
        Process p = start(killed, "train");
        assertTrue(killWhen(p, () -> Files.exists(killed.resolve("characters/.checkpoints/base.zip"))),
                "killed while training, after the base's first checkpoint");
        assertTrue(Files.notExists(killed.resolve("characters/narrador/model.zip")), "killed before the end");
        Process resumed = start(killed, "train", "--resume");
        assertTrue(resumed.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue());
        for (String id : List.of("base", "ana", "bruno", "narrador")) {
            CharacterModel a = CharacterModel.load(straight.resolve("characters/" + id + "/model.zip"));
            CharacterModel b = CharacterModel.load(killed.resolve("characters/" + id + "/model.zip"));
            assertEquals(a.parameters(), b.parameters(), id);
        }
    }
}
