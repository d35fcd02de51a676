package org.telenovela.scene;

import akka.actor.typed.ActorRef;
import com.typesafe.config.Config;
import org.telenovela.cast.Cast;
import org.telenovela.model.CharacterModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A cast made ready to perform: every model file loaded and checked once, its SHA-256 taken. Plays scenes by
 * spawning a {@link Director} in the process's actor system ({@link Stage}) and asking it for the result.
 */
public final class Production {
    private final Cast cast;
    private final Config config;
    private final List<Director.Performer> performers;
    private final java.util.function.Supplier<List<Episode.Player>> players;
    private final Steering steering;

    private Production(Cast cast, Config config, List<Director.Performer> performers,
                       java.util.function.Supplier<List<Episode.Player>> players, Steering steering) {
        this.cast = cast;
        this.config = config;
        this.performers = performers;
        this.players = players;
        this.steering = steering;
    }

    /** Loads every model of the cast (in parallel); a bad model file is an input error naming it. */
    public static Production prepare(Cast cast, Config config) {
        Steering steering = steering(config); // a bad setting is reported before any model is loaded
        List<Cast.Member> members = cast.members();
        // a pool of our own: the common pool has one thread on two cores, and loading is most of a cold start
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(members.size(), Runtime.getRuntime().availableProcessors())));
        List<CompletableFuture<CharacterModel>> loading = new ArrayList<>();
        try {
            for (Cast.Member m : members) {
                loading.add(CompletableFuture.supplyAsync(() -> CharacterModel.loadForGeneration(m.model()), pool));
            }
            CompletableFuture.allOf(loading.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
        } finally {
            pool.shutdown();
        }
        List<Director.Performer> performers = new ArrayList<>();
        CharacterModel first = null;
        for (int i = 0; i < members.size(); i++) {
            Cast.Member m = members.get(i);
            CharacterModel model;
            try {
                model = loading.get(i).join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
            if (first == null) {
                first = model;
            } else if (!first.vocabulary().equals(model.vocabulary())) {
                throw cast.error("the model of '" + m.id() + "' (" + m.model() + ") uses a different vocabulary from the model of '"
                        + members.get(0).id() + "'; retrain the cast together");
            }
            performers.add(new Director.Performer(m.id(), m.role(), m.cue(), m.sheet().name(), model, m.sampling()));
        }
        // the models' SHA-256 (24 MB of hashing for the default cast, 0.1-0.2 s of a cold start) only when an
        // episode is recorded: a scene starts without it
        java.util.function.Supplier<List<Episode.Player>> players = memoized(() -> members.stream()
                .map(m -> new Episode.Player(m.id(), m.role(), m.cue(), m.sheet().name(),
                        cast.file().toAbsolutePath().getParent().relativize(m.model().toAbsolutePath()).toString().replace('\\', '/'),
                        sha256(m.model())))
                .toList());
        return new Production(cast, config, List.copyOf(performers), players, steering);
    }

    private static <T> java.util.function.Supplier<T> memoized(java.util.function.Supplier<T> supplier) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    public Cast cast() {
        return cast;
    }

    /** The cast as episodes record it, each model pinned by its SHA-256 (hashed on first use). */
    public List<Episode.Player> players() {
        return players.get();
    }

    public Steering steering() {
        return steering;
    }

    /**
     * A scene in progress: its director (to steer a stepped scene), how it will end, and when its actors have
     * stopped. Closing it stops the scene where it is and waits until its characters are gone, so that their models
     * can be used by the next scene.
     */
    public record Running(ActorRef<Director.Command> director, CompletableFuture<SceneResult> done,
                          CompletableFuture<Void> stopped) implements AutoCloseable {
        @Override
        public void close() {
            director.tell(Director.Stop.INSTANCE); // a director that already ended has stopped: nobody hears it
            try {
                stopped.get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** Starts a scene; with {@code stepped} the director waits for {@link Director.Advance} before each turn. */
    public Running start(long seed, int maxLines, SpeakerPolicy.Mode policy, FaultInjection faults, boolean stepped,
                         Director.Observer observer) {
        Duration askTimeout = config.getDuration("telenovela.scene.ask-timeout");
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        SceneSettings settings = new SceneSettings(seed, maxLines, policy, askTimeout, faults, stepped, steering);
        akka.actor.typed.ActorRef<Director.Command> director = Stage.spawn(config,
                Director.create(cast.plot(), performers, settings, observer, stopped));
        // the result comes back as a message to the ask's reply-to: the bridge from the actors to this thread
        CompletableFuture<SceneResult> done = akka.actor.typed.javadsl.AskPattern.<Director.Command, SceneResult>ask(director,
                Director.Begin::new, config.getDuration("telenovela.scene.timeout"), Stage.system(config).scheduler())
                .toCompletableFuture();
        return new Running(director, done, stopped);
    }

    /** How the director steers toward each beat, from {@code telenovela.director}. */
    private static Steering steering(Config config) {
        Config d = config.getConfig("telenovela.director");
        try {
            return new Steering(d.getBoolean("beat-conditioning"), d.getInt("contrast-beats"),
                    d.getDouble("contrast-weight"), d.getDouble("cue-bonus"), d.getDouble("unknown-word-penalty"));
        } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
            throw org.telenovela.InvalidInputException.at("config telenovela.director", e.getMessage());
        }
    }

    /** The same cast and models, directed without any beat conditioning (the ablation {@code eval} reports). */
    public Production withoutBeatConditioning() {
        return directed(steering.withoutBeatConditioning());
    }

    /** The same cast and models, directed with these settings (a replay uses the recorded ones). */
    public Production directed(Steering s) {
        return new Production(cast, config, performers, players, s);
    }

    /** The episode record of a finished scene. */
    public Episode episode(long seed, int maxLines, SpeakerPolicy.Mode policy, SceneResult result) {
        return new Episode(cast.title(), org.telenovela.ProjectHome.relative(cast.file()), cast.plot().title(),
                relative(cast.plotFile()), sha256(cast.plotFile()), seed, maxLines, policy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                steering, players(), result);
    }

    /** Plays one whole scene and returns it; the observer sees it unfold. */
    public Episode play(long seed, int maxLines, SpeakerPolicy.Mode policy, FaultInjection faults, Director.Observer observer) {
        Duration sceneTimeout = config.getDuration("telenovela.scene.timeout");
        Running running = start(seed, maxLines, policy, faults, false, observer);
        CompletableFuture<SceneResult> done = running.done();
        try (running) {
            return episode(seed, maxLines, policy, done.get(sceneTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the scene did not finish within " + sceneTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private String relative(Path p) {
        return cast.file().toAbsolutePath().getParent().relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
