package org.telenovela.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SceneResult;
import org.telenovela.scene.SpeakerPolicy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A worker of a clustered batch: finds the coordinator through the receptionist, introduces itself with its
 * cast's {@link Fingerprint}, and once welcomed asks for one episode at a time and plays it with its own models
 * (on a thread of its own: a scene takes seconds). It ends when the coordinator is gone (the batch is done, or
 * the coordinator died), when it is refused, or when no coordinator answers within the join timeout.
 */
public final class Worker extends AbstractBehavior<Worker.Command> {
    public interface Command {
    }

    /** Why the worker ended: {@code exitCode} 0 (the coordinator finished) or 2 (refused, no coordinator). */
    public record Ended(int exitCode, String message) {
    }

    private record CoordinatorsListed(Receptionist.Listing listing) implements Command {
    }

    /** A piece of work finished here: its answer, or the error that stopped it. */
    private record Finished(Protocol.Work work, Protocol.Done answer, Throwable error) implements Command {
    }

    private enum JoinTimedOut implements Command { INSTANCE }

    private final Production production;
    private final FineTuner fineTuner;
    private final ExecutorService player;
    private final Consumer<String> notes;
    private final CompletableFuture<Ended> ended;
    private final String self;
    private ActorRef<Coordinator.Command> coordinator;
    private boolean welcomed;
    private int played;

    private Worker(ActorContext<Command> context, Production production, FineTuner fineTuner, ExecutorService player,
                   Duration joinTimeout, Consumer<String> notes, CompletableFuture<Ended> ended) {
        super(context);
        this.production = production;
        this.fineTuner = fineTuner;
        this.player = player;
        this.notes = notes;
        this.ended = ended;
        this.self = context.getSystem().address().toString();
        ActorRef<Receptionist.Listing> listed = context.messageAdapter(Receptionist.Listing.class, CoordinatorsListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(Protocol.COORDINATOR, listed));
        context.scheduleOnce(joinTimeout, context.getSelf(), JoinTimedOut.INSTANCE);
    }

    /**
     * @param production what plays episodes (null: this worker cannot play, its cast's models are missing)
     * @param fineTuner  what trains fine-tunes (null: this worker has no corpus)
     * @param player     runs the scenes and fine-tunes, one at a time
     * @param ended      completes once, when the worker is done
     */
    public static Behavior<Command> create(Production production, FineTuner fineTuner, ExecutorService player, Duration joinTimeout,
                                           Consumer<String> notes, CompletableFuture<Ended> ended) {
        return Behaviors.setup(ctx -> new Worker(ctx, production, fineTuner, player, joinTimeout, notes, ended));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(CoordinatorsListed.class, this::onListing)
                .onMessage(Protocol.Welcome.class, this::onWelcome)
                .onMessage(Protocol.Refused.class, this::onRefused)
                .onMessage(Protocol.Job.class, this::onJob)
                .onMessage(Protocol.FineTune.class, this::onFineTune)
                .onMessage(Finished.class, this::onFinished)
                .onMessageEquals(JoinTimedOut.INSTANCE, this::onJoinTimeout)
                .onSignal(Terminated.class, t -> end(0, "the coordinator is gone (" + played + " jobs done here); worker stops"))
                .build();
    }

    private Behavior<Command> onListing(CoordinatorsListed l) {
        var found = l.listing().getServiceInstances(Protocol.COORDINATOR);
        if (coordinator == null && !found.isEmpty()) {
            coordinator = found.iterator().next();
            getContext().watch(coordinator);
            java.util.Map<String, String> fingerprint = new java.util.TreeMap<>();
            if (production != null) {
                fingerprint.putAll(Fingerprint.of(production));
            }
            if (fineTuner != null) {
                fingerprint.putAll(Fingerprint.ofCorpus(fineTuner.checksum()));
            }
            coordinator.tell(new Protocol.Hello(self, fingerprint, getContext().getSelf()));
        }
        return this;
    }

    private Behavior<Command> onWelcome(Protocol.Welcome w) {
        welcomed = true;
        notes.accept("worker " + self + " joined coordinator " + w.coordinator() + "; pulling work");
        coordinator.tell(new Protocol.Ready(getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onRefused(Protocol.Refused r) {
        return end(2, "coordinator " + r.reason());
    }

    private Behavior<Command> onJoinTimeout() {
        return welcomed ? this : end(2, "no coordinator answered within the join timeout (telenovela.cluster.join-timeout)");
    }

    private Behavior<Command> onJob(Protocol.Job job) {
        return perform(job, () -> {
            if (production == null) {
                throw new IllegalStateException("this worker's cast cannot play (its models could not be loaded)");
            }
            SceneResult result = production.play(job.seed(), job.maxLines(), SpeakerPolicy.Mode.parse(job.policy()),
                    FaultInjection.NONE, new Director.Observer() { }).result();
            return new Protocol.Played(job.index(), result, self, getContext().getSelf());
        });
    }

    private Behavior<Command> onFineTune(Protocol.FineTune job) {
        return perform(job, () -> {
            if (fineTuner == null) {
                throw new IllegalStateException("this worker has no corpus to train on");
            }
            byte[] model = fineTuner.run(job);
            notes.accept("fine-tuned " + job.id());
            return new Protocol.FineTuned(job.index(), job.id(), model, Production.sha256(model), self, getContext().getSelf());
        });
    }

    private interface Task {
        Protocol.Done run() throws Exception;
    }

    /** Runs the work on the worker's own thread (a scene or a fine-tune takes seconds to minutes). */
    private Behavior<Command> perform(Protocol.Work work, Task task) {
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
            try {
                return task.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, player), (answer, error) -> new Finished(work, answer, error));
        return this;
    }

    private Behavior<Command> onFinished(Finished done) {
        if (done.error() != null) {
            Throwable cause = done.error() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : done.error();
            coordinator.tell(new Protocol.Failed(done.work().index(), String.valueOf(cause.getMessage()), self, getContext().getSelf()));
        } else {
            coordinator.tell(done.answer());
            played++;
        }
        coordinator.tell(new Protocol.Ready(getContext().getSelf()));
        return this;
    }

    private Behavior<Command> end(int code, String message) {
        ended.complete(new Ended(code, message));
        return Behaviors.stopped();
    }
}
