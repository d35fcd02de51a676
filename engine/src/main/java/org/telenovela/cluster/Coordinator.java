package org.telenovela.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The coordinator of a clustered batch or training run. It admits workers whose fingerprint equals its own, waits until the
 * number of workers asked for has joined, then hands out one piece of work (an episode, a fine-tune) at a time to each worker that asks (work
 * pulling: a fast worker simply asks more often). It watches every worker it admitted; the episode of a worker
 * that is gone goes back to the front of the queue. Answers go to {@code reports} as they come; the command that
 * started the coordinator writes them.
 *
 * <p>Akka's reliable-delivery {@code WorkPullingProducerController} was tried first: with a flow-control window
 * small enough to keep a worker from hoarding episodes, it stalled after the first episode of each worker
 * (Akka 2.6.21). Pulling by hand is a few lines and keeps one episode per worker in flight.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {
    public interface Command {
    }

    /** What the coordinator reports to the command that runs it. */
    public sealed interface Report permits Joined, Rejected, Left, Result {
    }

    public record Joined(String worker, int workers) implements Report {
    }

    public record Rejected(String worker, String reason) implements Report {
    }

    /** A worker is gone; {@code requeued}: the episode it was playing, to be played by another (-1: none). */
    public record Left(String worker, int requeued) implements Report {
    }

    /** A worker's answer: {@link Protocol.Played}, {@link Protocol.FineTuned} or {@link Protocol.Failed}. */
    public record Result(Protocol.Done message) implements Report {
    }

    private record WorkerGone(ActorRef<Worker.Command> worker) implements Command {
    }

    private final Map<String, String> fingerprint;
    private final int expectedWorkers;
    private final Deque<Protocol.Work> queue;
    private final Consumer<Report> reports;
    private final Map<ActorRef<Worker.Command>, Protocol.Work> busy = new LinkedHashMap<>();
    private final Deque<ActorRef<Worker.Command>> idle = new ArrayDeque<>();
    private final Set<Integer> finished = new HashSet<>();
    private int workers;

    private Coordinator(ActorContext<Command> context, Map<String, String> fingerprint, int expectedWorkers,
                        List<? extends Protocol.Work> work, Consumer<Report> reports) {
        super(context);
        this.fingerprint = Map.copyOf(fingerprint);
        this.expectedWorkers = expectedWorkers;
        this.queue = new ArrayDeque<>(work);
        this.reports = reports;
        context.getSystem().receptionist().tell(Receptionist.register(Protocol.COORDINATOR, context.getSelf()));
    }

    /** Hands out {@code work} (episodes to play, or fine-tunes) to workers whose fingerprint has these values. */
    public static Behavior<Command> create(Map<String, String> fingerprint, int expectedWorkers, List<? extends Protocol.Work> work,
                                           Consumer<Report> reports) {
        return Behaviors.setup(ctx -> new Coordinator(ctx, fingerprint, expectedWorkers, work, reports));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Protocol.Hello.class, this::onHello)
                .onMessage(Protocol.Ready.class, this::onReady)
                .onMessage(Protocol.Done.class, this::onDone)
                .onMessage(WorkerGone.class, this::onWorkerGone)
                .build();
    }

    private Behavior<Command> onHello(Protocol.Hello hello) {
        String difference = Fingerprint.difference(fingerprint, hello.fingerprint());
        if (difference != null) {
            String reason = "refused worker " + hello.worker() + ": " + difference + "; give both the same build of telenovela and the same files";
            hello.replyTo().tell(new Protocol.Refused(reason));
            reports.accept(new Rejected(hello.worker(), reason));
            return this;
        }
        workers++;
        getContext().watchWith(hello.replyTo(), new WorkerGone(hello.replyTo()));
        hello.replyTo().tell(new Protocol.Welcome(getContext().getSystem().address().toString()));
        reports.accept(new Joined(hello.worker(), workers));
        dispatch();
        return this;
    }

    private Behavior<Command> onReady(Protocol.Ready ready) {
        idle.add(ready.worker());
        dispatch();
        return this;
    }

    private Behavior<Command> onDone(Protocol.Done done) {
        finished.add(done.index());
        Protocol.Work w = busy.get(done.replyTo());
        if (w != null && w.index() == done.index()) {
            busy.remove(done.replyTo());
        }
        reports.accept(new Result(done));
        return this;
    }

    private Behavior<Command> onWorkerGone(WorkerGone gone) {
        idle.remove(gone.worker());
        Protocol.Work e = busy.remove(gone.worker());
        boolean requeue = e != null && !finished.contains(e.index());
        if (requeue) {
            queue.addFirst(e);
        }
        reports.accept(new Left(gone.worker().path().address().toString(), requeue ? e.index() : -1));
        dispatch();
        return this;
    }

    /** Gives each idle worker the next episode, once enough workers have joined. */
    private void dispatch() {
        if (workers < expectedWorkers) {
            return;
        }
        while (!idle.isEmpty() && !queue.isEmpty()) {
            Protocol.Work e = queue.poll();
            if (finished.contains(e.index())) {
                continue;
            }
            ActorRef<Worker.Command> w = idle.poll();
            busy.put(w, e);
            w.tell(e);
        }
    }
}
