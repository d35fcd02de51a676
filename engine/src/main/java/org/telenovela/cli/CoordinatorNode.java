package org.telenovela.cli;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import org.telenovela.cluster.ClusterFailure;
import org.telenovela.cluster.ClusterNode;
import org.telenovela.cluster.Coordinator;
import org.telenovela.cluster.Protocol;
import org.telenovela.scene.Stage;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The coordinator's node as the command that runs it sees it ({@code batch --cluster}, {@code train --cluster}):
 * it starts the node and joins it to itself, says on stderr who joins, is refused or is gone, and hands the
 * command each piece of work's answer once (work answered twice, because its first worker died before the answer
 * was counted, is answered once). Closing it leaves the cluster; the workers notice that the coordinator is gone.
 */
final class CoordinatorNode implements AutoCloseable {
    private final Config node;
    private final ActorSystem<?> system;
    private final int workers;
    private final String prefix;
    private final IntFunction<String> name;
    private final PrintWriter err;
    private final Duration idle;
    private final BlockingQueue<Coordinator.Report> reports = new LinkedBlockingQueue<>();
    private final Set<Integer> answered = new HashSet<>();
    private int joined;
    private long handingOut;

    /**
     * @param prefix how the command's lines start ({@code "telenovela: "}, {@code "train: "})
     * @param name   a piece of work by its index, for people ({@code "episode 3"})
     */
    CoordinatorNode(Config config, ClusterNode.Address address, int workers, Map<String, String> fingerprint,
                    List<? extends Protocol.Work> work, String prefix, IntFunction<String> name, PrintWriter err) {
        this.node = ClusterNode.config(config, address);
        this.workers = workers;
        this.prefix = prefix;
        this.name = name;
        this.err = err;
        this.idle = config.getDuration("telenovela.cluster.idle-timeout");
        ClusterNode.start(Coordinator.create(fingerprint, workers, work, reports::add), "coordinator", node);
        this.system = ClusterNode.system(node);
        Cluster.get(system).manager().tell(Join.create(system.address()));
        this.handingOut = workers == 0 ? System.nanoTime() : 0;
    }

    /** The node's settings (to spawn more actors in its system). */
    Config config() {
        return node;
    }

    String address() {
        return system.address().toString();
    }

    /** When work began to be handed out: at start when no worker is awaited, else when the last one awaited joined. */
    long handingOutSince() {
        return handingOut;
    }

    /**
     * The next answer not seen before ({@link Protocol.Played}, {@link Protocol.FineTuned}). A
     * {@link Protocol.Failed} ends the run, and so does nothing at all happening for the idle timeout;
     * {@code progress} says how far the run got, for that message.
     */
    Protocol.Done next(Supplier<String> progress) throws InterruptedException {
        while (true) {
            Coordinator.Report r = reports.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new ClusterFailure("nothing happened for " + idle.toSeconds() + " s (telenovela.cluster.idle-timeout): "
                        + joined + " of " + workers + " workers joined, " + progress.get());
            }
            if (r instanceof Coordinator.Joined j) {
                joined = j.workers();
                err.println(prefix + "worker " + j.worker() + " joined (" + j.workers() + " in all)");
                if (joined == workers) {
                    handingOut = System.nanoTime();
                }
            } else if (r instanceof Coordinator.Left l) {
                err.println(prefix + "worker " + l.worker() + " is gone" + (l.requeued() < 0 ? ""
                        : "; " + name.apply(l.requeued()) + " goes to another worker"));
            } else if (r instanceof Coordinator.Rejected x) {
                err.println(prefix + x.reason());
            } else if (r instanceof Coordinator.Result res) {
                if (res.message() instanceof Protocol.Failed f) {
                    throw new ClusterFailure(name.apply(f.index()) + " failed on worker " + f.worker() + ": " + f.reason());
                }
                if (answered.add(res.message().index())) {
                    return res.message();
                }
            }
        }
    }

    @Override
    public void close() {
        Stage.close();
    }
}
