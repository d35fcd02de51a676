package org.telenovela.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.ServiceKey;
import org.telenovela.scene.SceneResult;

import java.util.Map;

/**
 * What the coordinator of a clustered batch and its workers say to each other. A worker finds the coordinator
 * through the receptionist and says {@link Hello} with the fingerprint of what it would play (model files,
 * plot, director settings); the coordinator answers {@link Welcome} or {@link Refused}. Then work is pulled:
 * a welcomed worker says {@link Ready}, the coordinator hands it one {@link Job}, the worker answers
 * {@link Played} and says {@link Ready} again. The coordinator watches its workers: the job of a worker that
 * is gone (killed, then removed from the cluster) goes to another; it keeps the first result of each episode.
 */
public final class Protocol {
    private Protocol() {
    }

    public static final ServiceKey<Coordinator.Command> COORDINATOR =
            ServiceKey.create(Coordinator.Command.class, "telenovela-coordinator");

    /** Work the coordinator hands out, one at a time to each worker that says {@link Ready}. */
    public interface Work extends Worker.Command, ClusterMessage {
        int index();
    }

    /** A worker's answer to a piece of {@link Work}. */
    public interface Done extends Coordinator.Command, ClusterMessage {
        int index();

        ActorRef<Worker.Command> replyTo();
    }

    /** Play episode {@code index} (0-based) with this seed and answer {@link Played}. */
    public record Job(int index, long seed, int maxLines, String policy) implements Work {
    }

    /**
     * Fine-tune character {@code id} (cue {@code cue}) from the base model (a model file with its optimiser state,
     * so that the result equals a local fine-tune) on the worker's own copy of the corpus, whose checksum must be
     * {@code corpusChecksum}; answer {@link FineTuned}.
     */
    public record FineTune(int index, String id, String cue, byte[] base, org.telenovela.model.ModelSpec spec, int batchSize,
                           int epochs, double learningRate, String corpusChecksum) implements Work {
    }

    /** A fine-tuned model file and the SHA-256 the worker took of it. */
    public record FineTuned(int index, String id, byte[] model, String sha256, String worker, ActorRef<Worker.Command> replyTo)
            implements Done {
    }

    /** A welcomed worker wants an episode to play. */
    public record Ready(ActorRef<Worker.Command> worker) implements Coordinator.Command, ClusterMessage {
    }

    /** A worker introduces itself: its address and the fingerprint of its cast (see {@link Fingerprint}). */
    public record Hello(String worker, Map<String, String> fingerprint, ActorRef<Worker.Command> replyTo)
            implements Coordinator.Command, ClusterMessage {
        public Hello {
            fingerprint = Map.copyOf(fingerprint);
        }
    }

    /** The worker plays what the coordinator would: it may pull work. */
    public record Welcome(String coordinator) implements Worker.Command, ClusterMessage {
    }

    /** The worker's cast differs from the coordinator's; {@code reason} names the first difference. */
    public record Refused(String reason) implements Worker.Command, ClusterMessage {
    }

    /** A finished episode: the scene as played; the coordinator makes the episode record and writes its files. */
    public record Played(int index, SceneResult result, String worker, ActorRef<Worker.Command> replyTo) implements Done {
    }

    /** An episode a worker could not play (an error, not a crash): the batch stops with this reason. */
    public record Failed(int index, String reason, String worker, ActorRef<Worker.Command> replyTo) implements Done {
    }
}
