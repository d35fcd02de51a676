package org.telenovela.scene;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's one actor system: its guardian spawns a director per scene (Akka's {@link SpawnProtocol}), so
 * scenes, batches and step-throughs no longer start and stop an actor system each (issue #14's ground). The system
 * starts on first use, or earlier in the background ({@link #warmUp}) while a command reads its cast and models.
 */
public final class Stage {
    private static CompletableFuture<ActorSystem<SpawnProtocol.Command>> system;
    private static final AtomicLong SCENES = new AtomicLong();

    private Stage() {
    }

    /**
     * Starts the actor system in the background, reading its settings there too (if it is not started yet): a
     * command calls this first and reads its cast and models meanwhile.
     */
    public static synchronized void warmUp(java.util.function.Supplier<Config> config) {
        if (system == null) {
            system = CompletableFuture.supplyAsync(() -> {
                // the settings first: the command's own thread asks for them once it has read the cast
                Config settings = LOCAL.withFallback(config.get());
                // then logging, on this thread alone: the commands that warm up (run, step, batch, replay) log
                // nothing of their own while it starts, so SLF4J has no calls to intercept and replay
                org.slf4j.LoggerFactory.getILoggerFactory();
                return ActorSystem.create(SpawnProtocol.create(), "telenovela", settings);
            });
        }
    }

    /**
     * A scene's system is local: it does without the extensions the cluster modules' settings load at start-up
     * (serialization, the stream materializer, the receptionist), which halved its start (0.5 s of a cold start
     * measured on one core). Akka loads an extension on first use anyway; cluster nodes ({@link #open}) keep them.
     */
    private static final Config LOCAL = com.typesafe.config.ConfigFactory.parseString(
            "akka.library-extensions = [], akka.actor.typed.library-extensions = []");

    public static ActorSystem<SpawnProtocol.Command> system(Config config) {
        warmUp(() -> config);
        try {
            return system.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the actor system started");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the actor system did not start: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Starts the process's actor system now, with these settings (a cluster node's), unless it runs already;
     * what it was started with fails here (e.g. a port that is taken).
     */
    public static ActorSystem<SpawnProtocol.Command> open(Config config) {
        synchronized (Stage.class) {
            if (system == null) {
                org.slf4j.LoggerFactory.getILoggerFactory();
                system = CompletableFuture.completedFuture(ActorSystem.create(SpawnProtocol.create(), "telenovela", config));
            }
        }
        return system(config);
    }

    /** Ends the actor system (a cluster node leaves its cluster) and waits, up to 15 s; the next use starts another. */
    public static void close() {
        ActorSystem<SpawnProtocol.Command> s;
        synchronized (Stage.class) {
            if (system == null || !system.isDone() || system.isCompletedExceptionally()) {
                system = null;
                return;
            }
            s = system.join();
            system = null;
        }
        s.terminate();
        try {
            s.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // best effort: a cluster's other nodes notice a node that is gone either way
        }
    }

    /** Spawns a scene's director under the guardian and returns it. */
    static ActorRef<Director.Command> spawn(Config config, Behavior<Director.Command> director) {
        return spawn(config, director, "director-" + SCENES.incrementAndGet());
    }

    /** Spawns an actor under the guardian (a scene's director, a cluster node's coordinator or worker). */
    public static <T> ActorRef<T> spawn(Config config, Behavior<T> behavior, String name) {
        ActorSystem<SpawnProtocol.Command> s = system(config);
        try {
            return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(s,
                    replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo),
                    Duration.ofSeconds(30), s.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spawning " + name);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not spawn " + name + ": " + e, e);
        }
    }
}
