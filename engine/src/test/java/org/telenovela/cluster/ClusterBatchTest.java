package org.telenovela.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real JVMs on loopback: a coordinator ({@code batch --cluster}) and workers ({@code worker --join}). Every wait
 * is bounded, and every process is killed at the end whatever happened, so a broken cluster fails fast.
 */
class ClusterBatchTest {
    private static final long WAIT_S = 120;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process start(Path home, Path log, String... args) throws IOException {
        return start(List.of(), home, log, args);
    }

    private Process start(List<String> jvmOptions, Path home, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:+RestoreMXCSROnJNICalls", "-Dtelenovela.cluster.join-timeout=20s", "-Dtelenovela.cluster.idle-timeout=90s",
                "-cp", System.getProperty("java.class.path"), "org.telenovela.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TELENOVELA_HOME", home.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put(ClusterNode.PASSWORD_ENV, "telenovela-test");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static boolean logSays(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int exit(Process p) throws InterruptedException {
        assertTrue(p.waitFor(WAIT_S, TimeUnit.SECONDS), "process ended in time");
        return p.exitValue();
    }


    private Map<String, String> localBatch(int episodes) throws Exception {
        Path local = dir.resolve("local");
        Process p = start(TinyCast.home(), dir.resolve("local.log"), "batch", TinyCast.cast().toString(), "--episodes",
                String.valueOf(episodes), "--out", local.toString(), "--seed", "4");
        assertEquals(0, exit(p), () -> read(dir.resolve("local.log")));
        return TinyCast.contents(local);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Test
    void aWorkerKilledMidBatchLosesNothingAndTheFolderEqualsALocalBatch() throws Exception {
        Map<String, String> local = localBatch(8);
        int port = freePort();
        Path out = dir.resolve("cluster");
        Path coordinatorLog = dir.resolve("coordinator.log");
        Process coordinator = start(TinyCast.home(), coordinatorLog, "batch", TinyCast.cast().toString(), "--episodes", "8",
                "--out", out.toString(), "--seed", "4", "--cluster", "--workers", "2", "--port", String.valueOf(port));
        Process doomed = start(TinyCast.home(), dir.resolve("w1.log"), "worker", TinyCast.cast().toString(), "--join", "127.0.0.1:" + port);
        assertTrue(await(() -> logSays(coordinatorLog, "joined (1 in all)")), () -> read(coordinatorLog));
        Process survivor = start(TinyCast.home(), dir.resolve("w2.log"), "worker", TinyCast.cast().toString(), "--join", "127.0.0.1:" + port);
        // the moment the second worker joins, each worker is handed an episode: kill the first in the middle of it
        assertTrue(await(() -> logSays(coordinatorLog, "joined (2 in all)")), () -> read(coordinatorLog));
        assertTrue(doomed.isAlive(), "the first worker was running when killed");
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL

        assertEquals(0, exit(coordinator), () -> read(coordinatorLog));
        assertTrue(logSays(coordinatorLog, "is gone; episode"), () -> "the killed worker's episode went to the other:\n" + read(coordinatorLog));
        assertEquals(local, TinyCast.contents(out));
        assertEquals(0, exit(survivor), () -> read(dir.resolve("w2.log")));
        assertTrue(logSays(dir.resolve("w2.log"), "the coordinator is gone"), () -> read(dir.resolve("w2.log")));
    }

    @Test
    void aWorkerThatJoinsMidBatchGetsWork() throws Exception {
        // the shipped cast: its episodes take seconds, so a worker started after the first one still finds work
        Path home = org.telenovela.ProjectRoot.path();
        String cast = home.resolve("config/cast.yaml").toString();
        Path local = dir.resolve("local");
        assertEquals(0, exit(start(home, dir.resolve("local.log"), "batch", cast, "--episodes", "6", "--out", local.toString(),
                "--seed", "4")), () -> read(dir.resolve("local.log")));
        Path out = dir.resolve("cluster");
        int port = freePort();
        Path log = dir.resolve("coordinator.log");
        Process coordinator = start(home, log, "batch", cast, "--episodes", "6", "--out", out.toString(), "--seed", "4",
                "--cluster", "--workers", "1", "--port", String.valueOf(port));
        Process early = start(home, dir.resolve("early.log"), "worker", cast, "--join", "127.0.0.1:" + port);
        assertTrue(await(() -> Files.exists(out.resolve("episode-0001.json"))), () -> read(log));
        Process late = start(home, dir.resolve("late.log"), "worker", cast, "--join", "127.0.0.1:" + port);
        assertEquals(0, exit(coordinator), () -> read(log));
        assertEquals(TinyCast.contents(local), TinyCast.contents(out));
        assertEquals(0, exit(early), () -> read(dir.resolve("early.log")));
        assertEquals(0, exit(late), () -> read(dir.resolve("late.log")));
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("\\((\\d+) jobs done here\\)").matcher(read(dir.resolve("late.log")));
        assertTrue(done.find() && Integer.parseInt(done.group(1)) > 0, () -> "the late worker played episodes:\n" + read(dir.resolve("late.log")));
    }

    @Test
    void aCoordinatorKilledMidBatchIsResumedAndItsWorkerStopsOnItsOwn() throws Exception {
        Map<String, String> local = localBatch(8);
        Path out = dir.resolve("cluster");
        int port = freePort();
        Path firstLog = dir.resolve("coordinator-1.log");
        Process first = start(TinyCast.home(), firstLog, "batch", TinyCast.cast().toString(), "--episodes", "8",
                "--out", out.toString(), "--seed", "4", "--cluster", "--workers", "1", "--port", String.valueOf(port));
        Process orphan = start(TinyCast.home(), dir.resolve("w1.log"), "worker", TinyCast.cast().toString(), "--join", "127.0.0.1:" + port);
        assertTrue(await(() -> Files.exists(out.resolve("episode-0002.json"))), () -> read(firstLog));
        assertTrue(first.isAlive(), "the coordinator was running when killed");
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
        assertTrue(Files.notExists(out.resolve("index.json")), "killed before the end");
        assertEquals(0, exit(orphan), () -> read(dir.resolve("w1.log")));
        assertTrue(logSays(dir.resolve("w1.log"), "worker stops"), () -> read(dir.resolve("w1.log")));

        int again = freePort();
        Path secondLog = dir.resolve("coordinator-2.log");
        Process second = start(TinyCast.home(), secondLog, "batch", TinyCast.cast().toString(), "--episodes", "8",
                "--out", out.toString(), "--seed", "4", "--cluster", "--workers", "1", "--port", String.valueOf(again), "--resume");
        Process fresh = start(TinyCast.home(), dir.resolve("w2.log"), "worker", TinyCast.cast().toString(), "--join", "127.0.0.1:" + again);
        assertEquals(0, exit(second), () -> read(secondLog));
        assertEquals(local, TinyCast.contents(out));
        assertEquals(0, exit(fresh), () -> read(dir.resolve("w2.log")));
    }

    @Test
    void aWorkerWithOtherFilesIsRefusedOnBothSidesAndACoordinatorAlonePlaysEverything() throws Exception {
        Map<String, String> local = localBatch(3);
        Path other = dir.resolve("other-home");
        TinyCast.copyTree(TinyCast.home(), other);
        Path plot = other.resolve("plots/tiny.yaml");
        Files.writeString(plot, Files.readString(plot) + "\n# a comment: the same story, another file\n");
        int port = freePort();
        Path out = dir.resolve("cluster");
        Path coordinatorLog = dir.resolve("coordinator.log");
        Process coordinator = start(TinyCast.home(), coordinatorLog, "batch", TinyCast.cast().toString(), "--episodes", "3",
                "--out", out.toString(), "--seed", "4", "--cluster", "--workers", "1", "--port", String.valueOf(port));
        Process refused = start(other, dir.resolve("refused.log"), "worker", other.resolve("config/cast.yaml").toString(),
                "--join", "127.0.0.1:" + port);
        assertEquals(2, exit(refused), () -> read(dir.resolve("refused.log")));
        assertTrue(logSays(dir.resolve("refused.log"), "plot file differs"), () -> read(dir.resolve("refused.log")));
        assertTrue(logSays(coordinatorLog, "refused worker"), () -> read(coordinatorLog));
        assertTrue(coordinator.isAlive(), "a refused worker does not count: the coordinator still waits");

        Process admitted = start(TinyCast.home(), dir.resolve("admitted.log"), "worker", TinyCast.cast().toString(),
                "--join", "127.0.0.1:" + port);
        assertEquals(0, exit(coordinator), () -> read(coordinatorLog));
        assertEquals(local, TinyCast.contents(out));
        assertEquals(0, exit(admitted), () -> read(dir.resolve("admitted.log")));

        Path alone = dir.resolve("alone");
        Process solo = start(TinyCast.home(), dir.resolve("alone.log"), "batch", TinyCast.cast().toString(), "--episodes", "3",
                "--out", alone.toString(), "--seed", "4", "--cluster", "--port", String.valueOf(freePort()));
        assertEquals(0, exit(solo), () -> read(dir.resolve("alone.log")));
        assertEquals(local, TinyCast.contents(alone));
    }

    private static Path trainingHome(Path dir) throws IOException {
        Path home = TinyCast.copyFixture(Files.createDirectories(dir));
        Files.writeString(Files.createDirectories(home.resolve("config")).resolve("telenovela.conf"), """
                telenovela.training {
                  spec { layers = 1, hidden-size = 32, tbptt-length = 40, learning-rate = 0.02, seed = 5, merges = 0 }
                  batch-size = 16, base-epochs = 3, fine-tune-epochs = 2, fine-tune-learning-rate = 0.01,
                  min-character-chars = 50, parallel = 1, only = []
                }
                """);
        return home;
    }

    /**
     * The local training and the coordinator run without the Vector API, the workers with it (as the launcher starts
     * them): the fine-tunes' gates and softmax go through RowVectors on one side and the scalar RowArithmetic on the
     * other, and must still come out the same bytes.
     */
    @Test
    void fineTunesTrainedByWorkersEqualThoseOfALocalTrainByteForByte() throws Exception {
        Path local = trainingHome(dir.resolve("local-home"));
        assertEquals(0, exit(start(local, dir.resolve("local-train.log"), "train")), () -> read(dir.resolve("local-train.log")));

        Path home = trainingHome(dir.resolve("cluster-home"));
        int port = freePort();
        Path log = dir.resolve("cluster-train.log");
        Process coordinator = start(home, log, "train", "--cluster", "--workers", "2", "--port", String.valueOf(port));
        List<String> vectors = List.of("--add-modules", "jdk.incubator.vector");
        List<Process> workers = List.of(
                start(vectors, home, dir.resolve("w1.log"), "worker", "--join", "127.0.0.1:" + port),
                start(vectors, home, dir.resolve("w2.log"), "worker", "--join", "127.0.0.1:" + port));
        assertEquals(0, exit(coordinator), () -> read(log));
        for (Process w : workers) {
            assertEquals(0, exit(w), () -> read(dir.resolve("w1.log")) + read(dir.resolve("w2.log")));
        }
        assertTrue(logSays(log, "fine-tuned by"), () -> read(log));
        for (String id : List.of("base", "ana", "bruno", "narrador")) {
            Path a = local.resolve("characters/" + id + "/model.zip");
            Path b = home.resolve("characters/" + id + "/model.zip");
            assertEquals(org.telenovela.scene.Production.sha256(a), org.telenovela.scene.Production.sha256(b), id);
        }
    }

    private Path keystore(String name) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name, "-validity", "30",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "telenovela-test", "-keypass", "telenovela-test")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return ks;
    }

    @Test
    void overTlsOnlyAWorkerWithATrustedCertificateJoins() throws Exception {
        Map<String, String> local = localBatch(2);
        Path ours = keystore("ours");
        Path theirs = keystore("theirs");
        int port = freePort();
        Path out = dir.resolve("cluster");
        Path coordinatorLog = dir.resolve("coordinator.log");
        Process coordinator = start(TinyCast.home(), coordinatorLog, "batch", TinyCast.cast().toString(), "--episodes", "2",
                "--out", out.toString(), "--seed", "4", "--cluster", "--workers", "1", "--port", String.valueOf(port),
                "--keystore", ours.toString());
        Process stranger = start(TinyCast.home(), dir.resolve("stranger.log"), "worker", TinyCast.cast().toString(),
                "--join", "127.0.0.1:" + port, "--keystore", theirs.toString());
        assertEquals(2, exit(stranger), () -> read(dir.resolve("stranger.log")));
        assertTrue(logSays(dir.resolve("stranger.log"), "no coordinator answered"), () -> read(dir.resolve("stranger.log")));
        assertTrue(coordinator.isAlive(), "the coordinator still waits for a worker it trusts");
        assertEquals(0, Files.exists(out) ? TinyCast.contents(out).size() : 0);

        Process friend = start(TinyCast.home(), dir.resolve("friend.log"), "worker", TinyCast.cast().toString(),
                "--join", "127.0.0.1:" + port, "--keystore", ours.toString());
        assertEquals(0, exit(coordinator), () -> read(coordinatorLog));
        assertEquals(local, TinyCast.contents(out));
        assertEquals(0, exit(friend), () -> read(dir.resolve("friend.log")));
    }
}
