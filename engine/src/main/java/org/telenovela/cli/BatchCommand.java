package org.telenovela.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.telenovela.InvalidInputException;
import org.telenovela.cast.Cast;
import org.telenovela.scene.Episode;
import org.telenovela.output.Renderer;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.Seeds;
import org.telenovela.scene.SpeakerPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code telenovela batch}: many whole episodes, unattended. Episode {@code i} gets a seed derived from the
 * batch seed and {@code i} alone, so any episode can be regenerated on its own and the directory is the same
 * whatever {@code --parallel} is. Every file is written to a temp name and renamed; {@code --resume} skips the
 * episodes whose files are all there.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Generate N whole episodes into a folder, one file per episode per format, plus index.json.")
public final class BatchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CastArgument castFile;

    @Option(names = "--episodes", paramLabel = "N", required = true, description = "how many episodes")
    int episodes;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
    Path out;

    @Option(names = "--parallel", paramLabel = "K", defaultValue = "1", description = "episodes played at once (one per core)")
    int parallel;

    @Mixin
    Options.SeedOption seed;

    @Option(names = "--format", split = ",", defaultValue = "fountain,json", description = "fountain, json, markdown (comma-separated)")
    List<String> formats;

    @Option(names = "--charts", description = "also draw each episode's arc chart (episode-NNNN.png)")
    boolean charts;

    @Option(names = "--pdf", description = "also write each episode as a screenplay PDF (episode-NNNN.pdf)")
    boolean pdf;

    @Option(names = "--resume", description = "keep finished episodes in DIR and play only the missing ones")
    boolean resume;

    @Option(names = "--cluster", description = "be the coordinator of a cluster: hand the episodes to workers "
            + "(telenovela worker --join HOST:PORT) and write what they play")
    boolean cluster;

    @Option(names = "--workers", paramLabel = "K", defaultValue = "0",
            description = "with --cluster: wait for K workers before handing out episodes (0: play here too, workers may join)")
    int workers;

    @Mixin
    Options.NodeOptions node;

    @Override
    public Integer call() throws Exception {
        if (!cluster) { // a cluster node's actor system starts with the node's settings, later
            org.telenovela.scene.Stage.warmUp(Main::config); // the actor system starts while the cast and models load
        }
        if (episodes < 1 || episodes > 100_000) {
            throw Options.bad(spec, "--episodes must be 1..100000, got " + episodes);
        }
        if (parallel < 1 || parallel > 64) {
            throw Options.bad(spec, "--parallel must be 1..64, got " + parallel);
        }
        if (!cluster && (node.given(spec) || spec.commandLine().getParseResult().hasMatchedOption("--workers"))) {
            throw Options.bad(spec, "--workers, --port, --bind and --keystore go with --cluster");
        }
        if (cluster && spec.commandLine().getParseResult().hasMatchedOption("--parallel")) {
            throw Options.bad(spec, "--parallel is for a batch on this machine; with --cluster start one worker per core");
        }
        if (workers < 0 || workers > 10_000) {
            throw Options.bad(spec, "--workers must be 0..10000, got " + workers);
        }
        org.telenovela.cluster.ClusterNode.Address address = cluster ? node.address(org.telenovela.cluster.ClusterNode.DEFAULT_PORT) : null;
        List<Renderer.Format> fs = new ArrayList<>(Options.parseAll(spec, formats));
        if (!fs.contains(Renderer.Format.JSON)) {
            fs.add(Renderer.Format.JSON); // the index and --resume read it
        }
        Cast cast = Cast.load(castFile.file());
        long batchSeed = seed.orElse(cast.seed());
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw InvalidInputException.at(out.toString(), "--out exists and is not a folder");
        }
        if (!resume && Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw InvalidInputException.at(out.toString(), "--out is not empty; use --resume to continue a batch there");
                }
            }
        }
        boolean created = !Files.exists(out);
        Files.createDirectories(out);
        if (resume) {
            try (Stream<Path> s = Files.list(out)) { // half-written files of a killed run
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.delete(p);
                }
            }
        }

        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            if (!(resume && done(i, fs))) {
                todo.add(i);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        AtomicLong lines = new AtomicLong();
        long started = System.nanoTime();
        ProgressBarBuilder pb = new ProgressBarBuilder().setTaskName("episodes").setInitialMax(episodes)
                .setStyle(ProgressBarStyle.ASCII).startsFrom(episodes - todo.size(), java.time.Duration.ZERO);
        if (System.console() == null) {
            pb.setConsumer(new DelegatingProgressBarConsumer(err::println, 120)).setUpdateIntervalMillis(10_000);
        }
        try (ProgressBar bar = pb.build()) {
            Played played = (i, e) -> {
                write(i, e, fs, cast.plot());
                lines.addAndGet(e.result().lines().size());
                bar.step();
                double secs = (System.nanoTime() - started) / 1e9;
                bar.setExtraMessage(String.format(" %.1f lines/s", lines.get() / secs));
            };
            if (cluster) {
                try {
                    new ClusterBatch(cast, Main.config(), address, workers, err).play(todo, batchSeed, played);
                } catch (InvalidInputException e) { // e.g. the port is taken: leave no empty folder behind
                    if (created) {
                        try (Stream<Path> s = Files.list(out)) {
                            if (s.findAny().isEmpty()) {
                                Files.delete(out);
                            }
                        }
                    }
                    throw e;
                }
            } else {
                playHere(cast, todo, batchSeed, played);
            }
        }
        // the judge learns from the corpus beside the cast's characters (the standard layout), if there is one
        Path corpus = cast.characters().resolve("corpus");
        writeIndex(cast, batchSeed, Files.isDirectory(corpus)
                ? new org.telenovela.judge.Evaluation(org.telenovela.corpus.Corpus.read(corpus), cast) : null);
        err.printf("telenovela: %d episodes in %s (%d played now)%n", episodes, out, todo.size());
        return 0;
    }

    /** What becomes of a finished episode: its files are written, the progress bar moves. */
    interface Played {
        void episode(int i, Episode e) throws IOException;
    }

    /** Plays the episodes on this machine, {@code --parallel} at once. */
    private void playHere(Cast cast, List<Integer> todo, long batchSeed, Played played) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            // one production (its own copy of every model) per worker: models hold listening state
            List<Production> productions = new ArrayList<>();
            for (int k = 0; k < Math.min(parallel, Math.max(1, todo.size())); k++) {
                productions.add(Production.prepare(cast, Main.config()));
            }
            java.util.concurrent.BlockingQueue<Production> free = new java.util.concurrent.LinkedBlockingQueue<>(productions);
            List<Future<?>> jobs = new ArrayList<>();
            for (int i : todo) {
                jobs.add(pool.submit(() -> {
                    Production p = free.take();
                    try {
                        played.episode(i, p.play(episodeSeed(batchSeed, i), cast.maxLines(), SpeakerPolicy.Mode.parse(cast.policy()),
                                FaultInjection.NONE, new Director.Observer() { }));
                    } finally {
                        free.put(p);
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                try {
                    j.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    if (ex.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(ex.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes an episode's files; pictures before the JSON: an episode whose JSON exists is complete for --resume. */
    private void write(int i, Episode e, List<Renderer.Format> fs, org.telenovela.plot.PlotTemplate plot) throws IOException {
        if (charts) {
            org.telenovela.output.ArcChart.write(e, out.resolve(String.format("episode-%04d.png", i + 1)));
        }
        if (pdf) {
            org.telenovela.output.ScreenplayPdf.write(e, out.resolve(String.format("episode-%04d.pdf", i + 1)));
        }
        for (Renderer.Format f : fs) {
            RunCommand.writeAtomically(file(i, f), Renderer.render(e, plot, f));
        }
    }

    /** Episode {@code i}'s seed: from the batch seed and {@code i} alone. */
    public static long episodeSeed(long batchSeed, int i) {
        return Seeds.derive(batchSeed, Seeds.EPISODE, i) & Long.MAX_VALUE;
    }

    private Path file(int i, Renderer.Format f) {
        return out.resolve(String.format("episode-%04d.%s", i + 1, f.extension));
    }

    private boolean done(int i, List<Renderer.Format> fs) {
        return fs.stream().allMatch(f -> Files.isRegularFile(file(i, f)));
    }

    /** index.json: per episode its seed, ending, line count and the eval judge's attribution figures. */
    private void writeIndex(Cast cast, long batchSeed, org.telenovela.judge.Evaluation judge) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode index = json.createObjectNode();
        index.put("cast", cast.title());
        index.put("plot", cast.plot().title());
        index.put("batchSeed", batchSeed);
        ArrayNode list = index.putArray("episodes");
        for (int i = 0; i < episodes; i++) {
            JsonNode e = json.readTree(file(i, Renderer.Format.JSON).toFile());
            ObjectNode n = list.addObject();
            n.put("episode", i + 1);
            n.put("seed", e.get("seed").asLong());
            n.put("termination", e.get("termination").asText());
            n.put("lines", e.get("lines").size());
            n.put("file", file(i, Renderer.Format.JSON).getFileName().toString());
            List<String[]> lines = new ArrayList<>();
            e.get("lines").forEach(l -> lines.add(new String[]{l.get("cue").asText(), l.get("beat").asText(), l.get("text").asText()}));
            if (judge == null) {
                continue;
            }
            judge.judge(lines).forEach((what, a) -> {
                ObjectNode j = n.putObject("judge" + Character.toUpperCase(what.charAt(0)) + what.substring(1));
                j.put("accuracy", Math.round(a.accuracy() * 1e4) / 1e4);
                j.put("chance", Math.round(a.chance() * 1e4) / 1e4);
                j.put("lines", a.lines());
            });
        }
        RunCommand.writeAtomically(out.resolve("index.json"), json.writeValueAsString(index) + "\n");
    }


}
