package org.telenovela.cli;

import akka.actor.AddressFromURIString;
import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.JoinSeedNodes;
import com.typesafe.config.Config;
import org.telenovela.cast.Cast;
import org.telenovela.cluster.ClusterNode;
import org.telenovela.cluster.FineTuner;
import org.telenovela.cluster.Worker;
import org.telenovela.scene.Production;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code telenovela worker}: a node of a clustered batch. Loads the cast, joins the coordinator, is admitted
 * only if its model files, plot and director settings equal the coordinator's, then plays the episodes it pulls
 * until the coordinator is gone.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Join a clustered batch or training run (batch --cluster, train --cluster) and do its work.",
                "One episode or fine-tune at a time; start one worker per core. It stops when the coordinator is done."})
public final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CastArgument castFile;

    @Option(names = "--join", paramLabel = "HOST:PORT", required = true, description = "the coordinator's address")
    String join;

    @Mixin
    Options.NodeOptions node;

    @Mixin
    Options.CorpusOption corpus;

    @Override
    public Integer call() throws Exception {
        ClusterNode.Peer coordinator = ClusterNode.Peer.parse(join, "--join");
        ClusterNode.Address address = node.address(0);
        Config base = Main.config();
        PrintWriter err = spec.commandLine().getErr();
        // a worker plays episodes with its cast and trains fine-tunes on its corpus; it may have only one of them
        // (before the first training, the cast's models do not exist yet)
        Production production = null;
        try {
            production = Production.prepare(Cast.load(castFile.file()), base);
        } catch (org.telenovela.InvalidInputException e) {
            err.println("telenovela: worker: this worker can train but not play: " + e.getMessage());
        }
        Path corpusDir = corpus.dir(base);
        FineTuner fineTuner = Files.isDirectory(corpusDir) ? new FineTuner(corpusDir) : null;
        if (production == null && fineTuner == null) {
            throw org.telenovela.InvalidInputException.at(corpusDir.toString(), "no corpus to train on, and the cast cannot play");
        }

        CompletableFuture<Worker.Ended> ended = new CompletableFuture<>();
        ExecutorService player = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "telenovela-worker-scenes");
            t.setDaemon(true);
            return t;
        });
        Config nodeConfig = ClusterNode.config(base, address);
        ClusterNode.start(Worker.create(production, fineTuner, player, base.getDuration("telenovela.cluster.join-timeout"),
                m -> err.println("telenovela: " + m), ended), "worker", nodeConfig);
        ActorSystem<?> system = ClusterNode.system(nodeConfig);
        // the coordinator may leave before its last word reaches us; then this node is removed (or downs itself) and
        // its actor system ends: the worker is done either way
        system.getWhenTerminated().thenRun(() -> ended.complete(new Worker.Ended(0,
                "this node left the cluster (the coordinator is gone); worker stops")));
        try {
            Cluster.get(system).manager().tell(new JoinSeedNodes(List.of(AddressFromURIString.parse(coordinator.address()))));
            err.println("telenovela: worker " + system.address() + " joining " + coordinator.address());
            Worker.Ended end = ended.get();
            err.println("telenovela: " + (end.exitCode() == 0 ? "" : "worker: ") + end.message());
            return end.exitCode();
        } finally {
            org.telenovela.scene.Stage.close(); // leaving is best effort: the coordinator's resolver removes a node that vanished
            player.shutdownNow();
        }
    }
}
