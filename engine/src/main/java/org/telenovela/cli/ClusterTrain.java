package org.telenovela.cli;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import org.telenovela.cluster.ClusterFailure;
import org.telenovela.cluster.ClusterNode;
import org.telenovela.cluster.Coordinator;
import org.telenovela.cluster.Fingerprint;
import org.telenovela.cluster.Protocol;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.ModelInfo;
import org.telenovela.scene.Production;
import org.telenovela.training.CastTrainer;
import org.telenovela.training.LossCurve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code train --cluster}: the base is trained here, then every fine-tune goes to a worker (one at a time each),
 * with the base model and its optimiser state; each model file comes back over the cluster, its SHA-256 is
 * checked, and it is written where a local {@code train} would write it, with the same bytes.
 */
final class ClusterTrain implements CastTrainer.RemoteFineTunes {
    private final CastTrainer.Plan plan;
    private final Config config;
    private final String bind;
    private final int port;
    private final ClusterNode.Tls tls;
    private final int workers;
    private final PrintWriter err;

    ClusterTrain(CastTrainer.Plan plan, Config config, String bind, int port, ClusterNode.Tls tls, int workers, PrintWriter err) {
        this.plan = plan;
        this.config = config;
        this.bind = bind;
        this.port = port;
        this.tls = tls;
        this.workers = workers;
        this.err = err;
    }

    @Override
    public Map<String, ModelInfo> fineTune(List<CastTrainer.Role> roles, Path baseWithOptimiser, String corpusChecksum)
            throws IOException, InterruptedException {
        byte[] base = Files.readAllBytes(baseWithOptimiser);
        List<Protocol.FineTune> work = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            CastTrainer.Role r = roles.get(i);
            work.add(new Protocol.FineTune(i, r.id(), r.cue(), base, plan.spec(), plan.batchSize(), plan.fineTuneEpochs(),
                    plan.fineTuneLearningRate(), corpusChecksum));
        }
        BlockingQueue<Coordinator.Report> reports = new LinkedBlockingQueue<>();
        Config node = ClusterNode.config(config, bind, port, tls);
        ClusterNode.start(Coordinator.create(Fingerprint.ofCorpus(corpusChecksum), Math.max(1, workers), work, reports::add),
                "coordinator", node);
        ActorSystem<?> system = ClusterNode.system(node);
        try {
            Cluster.get(system).manager().tell(Join.create(system.address()));
            err.println("train: coordinator " + system.address() + ", " + roles.size() + " fine-tunes for the workers; waiting for "
                    + Math.max(1, workers) + " worker" + (workers > 1 ? "s" : ""));
            return collect(roles, reports);
        } finally {
            org.telenovela.scene.Stage.close();
        }
    }

    private Map<String, ModelInfo> collect(List<CastTrainer.Role> roles, BlockingQueue<Coordinator.Report> reports)
            throws IOException, InterruptedException {
        Duration idle = config.getDuration("telenovela.cluster.idle-timeout");
        Map<String, ModelInfo> done = new LinkedHashMap<>();
        while (done.size() < roles.size()) {
            Coordinator.Report r = reports.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new ClusterFailure("nothing happened for " + idle.toSeconds() + " s (telenovela.cluster.idle-timeout): "
                        + done.size() + " of " + roles.size() + " fine-tunes back; start workers (telenovela worker --join) and rerun");
            }
            if (r instanceof Coordinator.Joined j) {
                err.println("train: worker " + j.worker() + " joined (" + j.workers() + " in all)");
            } else if (r instanceof Coordinator.Rejected x) {
                err.println("train: " + x.reason());
            } else if (r instanceof Coordinator.Left l) {
                err.println("train: worker " + l.worker() + " is gone" + (l.requeued() < 0 ? ""
                        : "; the fine-tune of " + roles.get(l.requeued()).id() + " goes to another worker"));
            } else if (r instanceof Coordinator.Result res && res.message() instanceof Protocol.FineTuned f) {
                CastTrainer.Role role = roles.get(f.index());
                if (done.containsKey(role.id())) {
                    continue; // trained twice (its first worker died before it answered): written once
                }
                String sha = Production.sha256(f.model());
                if (!sha.equals(f.sha256())) {
                    throw new ClusterFailure("the model of " + role.id() + " from worker " + f.worker() + " arrived damaged (SHA-256 "
                            + sha + ", the worker sent " + f.sha256() + ")");
                }
                done.put(role.id(), write(role, f.model()));
                err.println("train: " + role.id() + " fine-tuned by " + f.worker() + " (SHA-256 " + sha.substring(0, 12) + "...)");
            } else if (r instanceof Coordinator.Result res && res.message() instanceof Protocol.Failed f) {
                throw new ClusterFailure("the fine-tune of " + roles.get(f.index()).id() + " failed on worker " + f.worker() + ": " + f.reason());
            }
        }
        Map<String, ModelInfo> inOrder = new LinkedHashMap<>();
        roles.forEach(r -> inOrder.put(r.id(), done.get(r.id())));
        return inOrder;
    }

    /** Writes the model file atomically where the role says, and its loss curve beside it. */
    private static ModelInfo write(CastTrainer.Role role, byte[] model) throws IOException {
        Files.createDirectories(role.model().toAbsolutePath().getParent());
        Path tmp = role.model().resolveSibling(role.model().getFileName() + ".tmp");
        Files.write(tmp, model);
        ModelInfo info = CharacterModel.load(tmp).info(); // a file that does not load is not written
        Files.move(tmp, role.model(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LossCurve.write(info, role.model().resolveSibling("loss.png"));
        return info;
    }
}
