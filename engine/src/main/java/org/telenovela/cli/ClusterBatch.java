package org.telenovela.cli;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import org.telenovela.cast.Cast;
import org.telenovela.cluster.ClusterFailure;
import org.telenovela.cluster.ClusterNode;
import org.telenovela.cluster.Coordinator;
import org.telenovela.cluster.Fingerprint;
import org.telenovela.cluster.Protocol;
import org.telenovela.cluster.Worker;
import org.telenovela.scene.Production;
import org.telenovela.scene.Stage;
import org.telenovela.scene.SpeakerPolicy;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code batch --cluster}: this process is the coordinator node. It hands the episodes to workers and writes
 * each finished one exactly as a local batch would (the episode record is made here, from the scene a worker
 * played), so the folder equals that of {@code batch --parallel 1} with the same seed.
 */
final class ClusterBatch {
    private final Cast cast;
    private final Config config;
    private final String bind;
    private final int port;
    private final ClusterNode.Tls tls;
    private final int workers;
    private final PrintWriter err;

    ClusterBatch(Cast cast, Config config, String bind, int port, ClusterNode.Tls tls, int workers, PrintWriter err) {
        this.cast = cast;
        this.config = config;
        this.bind = bind;
        this.port = port;
        this.tls = tls;
        this.workers = workers;
        this.err = err;
    }

    void play(List<Integer> todo, long batchSeed, BatchCommand.Played played) throws IOException, InterruptedException {
        Production production = Production.prepare(cast, config);
        SpeakerPolicy.Mode policy = SpeakerPolicy.Mode.parse(cast.policy());
        BlockingQueue<Coordinator.Report> reports = new LinkedBlockingQueue<>();
        List<Protocol.Job> episodes = todo.stream()
                .map(i -> new Protocol.Job(i, BatchCommand.episodeSeed(batchSeed, i), cast.maxLines(), policy.name())).toList();
        Config node = ClusterNode.config(config, bind, port, tls);
        ClusterNode.start(Coordinator.create(Fingerprint.of(production), workers, episodes, reports::add), "coordinator", node);
        ActorSystem<?> system = ClusterNode.system(node);
        ExecutorService scenes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "telenovela-coordinator-scenes");
            t.setDaemon(true);
            return t;
        });
        try {
            Cluster.get(system).manager().tell(Join.create(system.address()));
            err.println("telenovela: coordinator " + system.address() + (workers == 0
                    ? ", playing here; workers may join" : ", waiting for " + workers + " worker" + (workers == 1 ? "" : "s")));
            if (workers == 0) { // alone, the coordinator is its own worker, with the same models
                Stage.spawn(node, Worker.create(production, null, scenes, config.getDuration("telenovela.cluster.join-timeout"),
                        m -> { }, new CompletableFuture<>()), "worker");
            }
            collect(todo, batchSeed, policy, production, reports, played);
        } finally {
            Stage.close(); // the node leaves the cluster: the workers notice that the coordinator is gone
            scenes.shutdownNow();
        }
    }

    private void collect(List<Integer> todo, long batchSeed, SpeakerPolicy.Mode policy, Production production,
                         BlockingQueue<Coordinator.Report> reports, BatchCommand.Played played) throws IOException, InterruptedException {
        Duration idle = config.getDuration("telenovela.cluster.idle-timeout");
        Set<Integer> written = new HashSet<>();
        int joined = 0;
        long handingOut = workers == 0 ? System.nanoTime() : 0;
        while (written.size() < todo.size()) {
            Coordinator.Report r = reports.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new ClusterFailure("nothing happened for " + idle.toSeconds() + " s (telenovela.cluster.idle-timeout): "
                        + joined + " of " + workers + " workers joined, " + written.size() + " of " + todo.size()
                        + " episodes written; the folder is kept, start workers and rerun with --resume");
            }
            if (r instanceof Coordinator.Joined j) {
                joined = j.workers();
                err.println("telenovela: worker " + j.worker() + " joined (" + j.workers() + " in all)");
                if (joined == workers) {
                    handingOut = System.nanoTime();
                }
            } else if (r instanceof Coordinator.Left l) {
                err.println("telenovela: worker " + l.worker() + " is gone" + (l.requeued() < 0 ? ""
                        : "; episode " + (l.requeued() + 1) + " goes to another worker"));
            } else if (r instanceof Coordinator.Rejected x) {
                err.println("telenovela: " + x.reason());
            } else if (r instanceof Coordinator.Result res && res.message() instanceof Protocol.Played p) {
                if (written.add(p.index())) { // a job played twice (its first worker died unconfirmed) is written once
                    long seed = BatchCommand.episodeSeed(batchSeed, p.index());
                    played.episode(p.index(), production.episode(seed, cast.maxLines(), policy, p.result()));
                }
            } else if (r instanceof Coordinator.Result res && res.message() instanceof Protocol.Failed f) {
                throw new ClusterFailure("episode " + (f.index() + 1) + " failed on worker " + f.worker() + ": " + f.reason());
            }
        }
        double seconds = (System.nanoTime() - handingOut) / 1e9;
        err.printf(java.util.Locale.ROOT, "telenovela: %d episodes in %.1f s from the moment %s (%.1f episodes/min)%n", todo.size(),
                seconds, workers == 0 ? "the coordinator started alone" : workers + " worker" + (workers == 1 ? "" : "s")
                        + " had joined", todo.size() * 60 / seconds);
    }
}
