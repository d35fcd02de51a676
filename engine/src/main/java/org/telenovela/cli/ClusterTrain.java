package org.telenovela.cli;

import com.typesafe.config.Config;
import org.telenovela.cluster.ClusterFailure;
import org.telenovela.cluster.ClusterNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train --cluster}: the base is trained here, then every fine-tune goes to a worker (one at a time each),
 * with the base model and its optimiser state; each model file comes back over the cluster, its SHA-256 is
 * checked, and it is written where a local {@code train} would write it, with the same bytes.
 */
final class ClusterTrain implements CastTrainer.RemoteFineTunes {
    private final CastTrainer.Plan plan;
    private final Config config;
    private final ClusterNode.Address address;
    private final int workers;
    private final PrintWriter err;

    ClusterTrain(CastTrainer.Plan plan, Config config, ClusterNode.Address address, int workers, PrintWriter err) {
        this.plan = plan;
        this.config = config;
        this.address = address;
        this.workers = Math.max(1, workers);
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
        Map<String, ModelInfo> done = new LinkedHashMap<>();
        try (CoordinatorNode node = new CoordinatorNode(config, address, workers, Fingerprint.ofCorpus(corpusChecksum), work,
                "train: ", i -> "the fine-tune of " + roles.get(i).id(), err)) {
            err.println("train: coordinator " + node.address() + ", " + roles.size() + " fine-tunes for the workers; waiting for "
                    + workers + " worker" + (workers > 1 ? "s" : ""));
            while (done.size() < roles.size()) {
                Protocol.FineTuned f = (Protocol.FineTuned) node.next(() -> done.size() + " of " + roles.size()
                        + " fine-tunes back; start workers (telenovela worker --join) and rerun");
                CastTrainer.Role role = roles.get(f.index());
                String sha = Production.sha256(f.model());
                if (!sha.equals(f.sha256())) {
                    throw new ClusterFailure("the model of " + role.id() + " from worker " + f.worker() + " arrived damaged (SHA-256 "
                            + sha + ", the worker sent " + f.sha256() + ")");
                }
                done.put(role.id(), write(role, f.model()));
                err.println("train: " + role.id() + " fine-tuned by " + f.worker() + " (SHA-256 " + sha.substring(0, 12) + "...)");
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
        ModelInfo info = CharacterModel.loadForGeneration(tmp).info(); // a file that does not load is not written (no DL4J network needed)
        Files.move(tmp, role.model(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LossCurve.write(info, role.model().resolveSibling("loss.png"));
        return info;
    }
}
