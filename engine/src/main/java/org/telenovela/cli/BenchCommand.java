package org.telenovela.cli;

import org.telenovela.corpus.TrainingText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.telenovela.cast.Cast;
import org.telenovela.corpus.Corpus;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.ModelSpec;
import org.telenovela.model.SamplingSettings;
import org.telenovela.model.Trainer;
import org.telenovela.model.TrainingSet;
import org.telenovela.scene.Episode;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SceneLog;
import org.telenovela.scene.SpeakerPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code telenovela bench}: the speed figures of this machine, in one run, on the shipped model spec. Reports
 * absolute figures and the ratios that matter (training vs the GEMM roofline, batched vs single sampling).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Measure GEMM, training, sampling, priming and whole-episode speed on this machine.")
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "2", description = "episodes to time")
    int episodes;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1 || episodes > 100) {
            throw Options.bad(spec, "--episodes must be 1..100, got " + episodes);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        Cast cast = Cast.load(Main.home().resolve("config").resolve("cast.yaml"));
        CharacterModel model = CharacterModel.load(cast.members().get(0).model());
        ModelSpec ms = model.info().spec();
        r.put("spec", ms.layers() + "x" + ms.hiddenSize());
        r.put("ompThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        r.put("openblasCoretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));

        double gflops = gemm(512, 20);
        r.put("gemmGflops", round(gflops));

        // training: chars per second on real corpus windows, and the share of GEMM peak it reaches
        Corpus corpus = Corpus.read(Main.home().resolve(Main.config().getString("telenovela.training.corpus")));
        CharacterModel trainee = CharacterModel.create("bench", ms, model.vocabulary(), model.beats());
        TrainingSet set = TrainingSet.of(model.vocabulary(), model.beats(), TrainingText.texts(corpus.training().subList(0, 6), null), ms.tbpttLength(),
                ms.carryState());
        int batch = Main.config().getInt("telenovela.training.batch-size");
        // warm-up, then timing, by the clock as the PyTorch peer's (5 warm-up batches, then 20 s): the Java side of
        // a training step needs a few seconds of JIT compilation; one warm-up epoch of 5 batches had measured 0.8x
        int epoch = 0;
        for (long warm = System.nanoTime(); seconds(warm) < 3; epoch++) {
            Trainer.epoch(trainee, set, batch, 1, epoch, null);
        }
        long t0 = System.nanoTime();
        int timed = 0;
        for (; timed == 0 || seconds(t0) < 6; timed++, epoch++) {
            Trainer.epoch(trainee, set, batch, 1, epoch, null);
        }
        double trainSeconds = seconds(t0) / timed;
        double trainCps = set.inputChars() / trainSeconds;
        // forward + backward is about 3x the forward FLOPs; forward per symbol is 2 * (gate weights over the
        // embeddings and the recurrent state + output weights); embeddings themselves are row lookups
        int v = model.vocabulary().size();
        int embedded = Math.min(v, Math.max(8, ms.hiddenSize() / 2)) + 16;
        double flopsPerSymbol = 3 * 2.0 * (4.0 * ms.hiddenSize() * (embedded + ms.hiddenSize())
                + 4.0 * ms.hiddenSize() * 2 * ms.hiddenSize() * (ms.layers() - 1) + (double) ms.hiddenSize() * v);
        double symbolsPerSecond = set.inputSymbols() / trainSeconds;
        r.put("symbols", v);
        r.put("charsPerSymbol", round(set.inputChars() / (double) set.inputSymbols()));
        r.put("trainCharsPerSecond", Math.round(trainCps));
        r.put("trainSymbolsPerSecond", Math.round(symbolsPerSecond));
        r.put("trainShareOfGemmPeak", round(symbolsPerSecond * flopsPerSymbol / (gflops * 1e9)));

        // sampling: chars per second per stream, alone and as a candidate minibatch
        int candidates = cast.members().get(0).sampling().candidates();
        r.put("sampleCharsPerSecondBatch1", Math.round(sampleCps(model, 1)));
        double batched = sampleCps(model, candidates);
        r.put("sampleCharsPerSecondPerStreamBatch" + candidates, Math.round(batched));
        r.put("sampleCharsPerSecondTotalBatch" + candidates, Math.round(batched * candidates));

        // priming: one call over 300 characters
        String text = corpus.training().get(0).lines().stream().map(l -> l.beat() + "|" + l.cue() + ": " + l.spoken() + "\n")
                .reduce("", String::concat);
        String prime300 = text.substring(0, Math.min(300, text.length()));
        model.clearState();
        model.listen(prime300);
        t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            model.clearState();
            model.listen(prime300);
        }
        r.put("primeMillisPer300Chars", round(seconds(t0) * 100));

        // whole episodes on a warm JVM
        Production production = Production.prepare(cast, Main.config());
        production.play(cast.seed(), cast.maxLines(), SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { });
        AtomicLong firstLine = new AtomicLong();
        long lines = 0;
        double total = 0;
        for (int i = 0; i < episodes; i++) {
            long start = System.nanoTime();
            Episode e = production.play(cast.seed() + i, cast.maxLines(), SpeakerPolicy.Mode.AUTO, FaultInjection.NONE,
                    new Director.Observer() {
                        @Override
                        public void lineAccepted(SceneLog.Entry entry) {
                            if (entry.turn() == 0 && firstLine.get() == 0) {
                                firstLine.set(System.nanoTime() - start);
                            }
                        }
                    });
            total += seconds(start);
            lines += e.result().lines().size();
        }
        r.put("firstLineSeconds", round(firstLine.get() / 1e9));
        r.put("secondsPerEpisode", round(total / episodes));
        r.put("linesPerEpisode", lines / episodes);

        coldStart(cast, r);

        // batch throughput: the same 4*episodes episodes one at a time, then two at once, each of two threads with
        // a production of its own taking the next episode when it is free (as batch --parallel 2 shares them out;
        // handing out fixed halves measured the longer half, not the scaling)
        int n = 4 * episodes;
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            production.play(cast.seed() + 100 + i, cast.maxLines(), SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { });
        }
        double sequential = n / (seconds(t1) / 60);
        Production second = Production.prepare(cast, Main.config());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long t2 = System.nanoTime();
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (Production p : List.of(production, second)) {
                jobs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        p.play(cast.seed() + 100 + i, cast.maxLines(), SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { });
                    }
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double parallel2 = n / (seconds(t2) / 60);
        r.put("batchEpisodesPerMinuteParallel1", round(sequential));
        r.put("batchEpisodesPerMinuteParallel2", round(parallel2));
        r.put("parallel2Speedup", round(parallel2 / sequential));
        // memory a character actor holds: DL4J's off-heap parameters, the forward pass's on-heap weights (the
        // embeddings folded into the first layer's input rows: one row of 4H per symbol and beat), its listening
        // state and the scratch for a candidate minibatch (a count, not a heap sample: GC timing makes heap deltas
        // of a few MB meaningless)
        long params = model.parameters().length();
        long h4 = 4L * ms.hiddenSize();
        long inference = (v + model.beats().size() + 1) * h4 + (2L * ms.layers() - 1) * ms.hiddenSize() * h4
                + ms.layers() * h4 + (long) ms.hiddenSize() * v + v;
        long stateFloats = 2L * ms.layers() * ms.hiddenSize() * (1 + candidates) + h4 * candidates;
        r.put("memoryMbPerCharacter", round((params + inference + stateFloats) * Float.BYTES / (double) (1 << 20)));

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            r.forEach((k, value) -> out.printf("%-40s %s%n", k, value));
        }
        return 0;
    }

    private static double gemm(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        a.mmuli(b, c);
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            a.mmuli(b, c);
        }
        return 2.0 * n * n * n * reps / seconds(t0) / 1e9;
    }

    private static double sampleCps(CharacterModel model, int n) {
        SamplingSettings s = new SamplingSettings(1.0, 0, 1.0, 200, n);
        model.clearState();
        // warm-up as the PyTorch peer's: 3 s of sampling before timing (the JIT needs about 150 lines to compile
        // the sampling loop fully; 5 lines of warm-up, as before, measured half the steady speed), then 3 s timed
        long w0 = System.nanoTime();
        for (int i = 0; i < 5 || seconds(w0) < 3; i++) {
            model.sample("reencuentro|VALENTINA: ", s, new SplittableRandom(100_000 + i));
        }
        long chars = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 10 || seconds(t0) < 3; i++) {
            List<CharacterModel.SampledLine> lines = model.sample("reencuentro|VALENTINA: ", s, new SplittableRandom(i));
            chars += lines.stream().mapToInt(l -> l.text().length() + 1).max().orElse(0);
        }
        return chars / seconds(t0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * Cold start as a user sees it: the launcher's {@code run} in a fresh process (JVM start, class-data sharing
     * archive, model loading, actor system), timed from process start to the first character line on its stdout
     * and to its exit; the median of three, after one run that makes sure the archive exists.
     */
    private void coldStart(Cast cast, Map<String, Object> r) throws IOException, InterruptedException {
        java.nio.file.Path launcher = Main.home().resolve("telenovela");
        if (!java.nio.file.Files.isExecutable(launcher)) {
            r.put("coldStart", "skipped: no launcher at " + launcher);
            return;
        }
        java.util.Set<String> cues = new java.util.HashSet<>();
        cast.members().forEach(m -> cues.add(m.cue()));
        coldRun(launcher, cues);
        double[] first = new double[3];
        double[] whole = new double[3];
        for (int i = 0; i < 3; i++) {
            double[] t = coldRun(launcher, cues);
            first[i] = t[0];
            whole[i] = t[1];
        }
        java.util.Arrays.sort(first);
        java.util.Arrays.sort(whole);
        r.put("coldStartFirstLineSeconds", round(first[1]));
        r.put("coldStartEpisodeSeconds", round(whole[1]));
    }

    /** One fresh {@code telenovela run}: seconds to its first character line and to its exit. */
    private static double[] coldRun(java.nio.file.Path launcher, java.util.Set<String> cues) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run").redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        double first = Double.NaN;
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            boolean afterCue = false;
            for (String line; (line = in.readLine()) != null; ) {
                if (afterCue && Double.isNaN(first) && !line.startsWith("(")) {
                    first = seconds(start);
                }
                afterCue = cues.contains(line.strip());
            }
        }
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("a cold 'telenovela run' took over 120 s");
        }
        return new double[]{first, seconds(start)};
    }
}
