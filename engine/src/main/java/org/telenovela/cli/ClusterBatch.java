package org.telenovela.cli;

import com.typesafe.config.Config;
import org.telenovela.cast.Cast;
import org.telenovela.cluster.ClusterNode;
import org.telenovela.cluster.Fingerprint;
import org.telenovela.cluster.Protocol;
import org.telenovela.cluster.Worker;
import org.telenovela.scene.Production;
import org.telenovela.scene.Stage;
import org.telenovela.scene.SpeakerPolicy;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code batch --cluster}: this process is the coordinator node. It hands the episodes to workers and writes
 * each finished one exactly as a local batch would (the episode record is made here, from the scene a worker
 * played), so the folder equals that of {@code batch --parallel 1} with the same seed.
 */
final class ClusterBatch {
    private final Cast cast;
    private final Config config;
    private final ClusterNode.Address address;
    private final int workers;
    private final PrintWriter err;

    ClusterBatch(Cast cast, Config config, ClusterNode.Address address, int workers, PrintWriter err) {
        this.cast = cast;
        this.config = config;
        this.address = address;
        this.workers = workers;
        this.err = err;
    }

    void play(List<Integer> todo, long batchSeed, BatchCommand.Played played) throws IOException, InterruptedException {
        Production production = Production.prepare(cast, config);
        SpeakerPolicy.Mode policy = SpeakerPolicy.Mode.parse(cast.policy());
        List<Protocol.Job> episodes = todo.stream()
                .map(i -> new Protocol.Job(i, BatchCommand.episodeSeed(batchSeed, i), cast.maxLines(), policy.name())).toList();
        ExecutorService scenes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "telenovela-coordinator-scenes");
            t.setDaemon(true);
            return t;
        });
        try (CoordinatorNode node = new CoordinatorNode(config, address, workers, Fingerprint.of(production), episodes,
                "telenovela: ", i -> "episode " + (i + 1), err)) {
            err.println("telenovela: coordinator " + node.address() + (workers == 0
                    ? ", playing here; workers may join" : ", waiting for " + workers + " worker" + (workers == 1 ? "" : "s")));
            if (workers == 0) { // alone, the coordinator is its own worker, with the same models
                Stage.spawn(node.config(), Worker.create(production, null, scenes, config.getDuration("telenovela.cluster.join-timeout"),
                        m -> { }, new CompletableFuture<>()), "worker");
            }
            int written = 0;
            while (written < todo.size()) {
                int done = written;
                Protocol.Played p = (Protocol.Played) node.next(() -> done + " of " + todo.size()
                        + " episodes written; the folder is kept, start workers and rerun with --resume");
                long seed = BatchCommand.episodeSeed(batchSeed, p.index());
                played.episode(p.index(), production.episode(seed, cast.maxLines(), policy, p.result()));
                written++;
            }
            double seconds = (System.nanoTime() - node.handingOutSince()) / 1e9;
            err.printf(java.util.Locale.ROOT, "telenovela: %d episodes in %.1f s from the moment %s (%.1f episodes/min)%n", todo.size(),
                    seconds, workers == 0 ? "the coordinator started alone" : workers + " worker" + (workers == 1 ? "" : "s")
                            + " had joined", todo.size() * 60 / seconds);
        } finally {
            scenes.shutdownNow();
        }
    }
}
