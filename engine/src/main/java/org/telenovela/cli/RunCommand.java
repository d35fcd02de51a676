package org.telenovela.cli;

import org.telenovela.AtomicFile;
import org.telenovela.cast.Cast;
import org.telenovela.output.ArcChart;
import org.telenovela.scene.Episode;
import org.telenovela.output.JsonWriter;
import org.telenovela.output.Renderer;
import org.telenovela.output.SceneWriter;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SceneLog;
import org.telenovela.scene.SceneResult;
import org.telenovela.scene.SpeakerPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code telenovela run}: plays one scene from a cast file and writes it as it unfolds. */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Play one scene with the cast in CAST and print it (Fountain by default).")
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CastArgument castFile;

    @Option(names = "--plot", paramLabel = "FILE", description = "play this arc template instead of the cast file's (its roles must be the cast's)")
    Path plot;

    @Mixin
    Options.SeedOption seed;

    @Mixin
    Options.FormatOption formatOption;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of standard output")
    Path out;

    @Option(names = "--max-lines", paramLabel = "N", description = "line budget (default: the cast file's)")
    Integer maxLines;

    @Option(names = "--policy", description = "speaker policy: auto, round-robin or random (default: the cast file's)")
    String policy;

    @Option(names = "--chart", paramLabel = "PNG", description = "also draw the episode's arc chart (who spoke when, beats, threads)")
    Path chart;

    @Option(names = "--pdf", paramLabel = "PDF", description = "also write the episode as a screenplay PDF")
    Path pdf;

    @Option(names = "--faults", paramLabel = "RATE", defaultValue = "0",
            description = "make characters crash on this share of turns (supervision test)")
    double faults;

    @Override
    public Integer call() throws IOException {
        org.telenovela.scene.Stage.warmUp(Main::config); // the actor system starts while the cast and models load
        Cast cast = Cast.load(castFile.file(), plot, true);
        Renderer.Format format = formatOption.format();
        validateFlags(cast);
        Production production = Production.prepare(cast, Main.config());
        long s = seed.orElse(cast.seed());
        int budget = maxLines != null ? maxLines : cast.maxLines();
        SpeakerPolicy.Mode mode = SpeakerPolicy.Mode.parse(policy != null ? policy : cast.policy());

        PrintWriter stdout = spec.commandLine().getOut();
        boolean streaming = out == null && format != Renderer.Format.JSON;
        StringWriter buffer = new StringWriter();
        PrintWriter target = streaming ? stdout : new PrintWriter(buffer);
        Director.Observer observer = new Director.Observer() { };
        if (format != Renderer.Format.JSON) {
            SceneWriter writer = Renderer.writer(format, target);
            writer.titlePage(cast.title(), cast.plot().title(), s);
            observer = streaming(writer);
        }
        Episode episode = production.play(s, budget, mode, new FaultInjection(faults), observer);
        if (format == Renderer.Format.JSON) {
            JsonWriter.write(episode, target);
        }
        target.flush();
        if (!streaming) {
            if (out == null) {
                stdout.print(buffer);
                stdout.flush();
            } else {
                writeAtomically(out, buffer.toString());
            }
        }
        if (chart != null) {
            ArcChart.write(episode, chart);
        }
        if (pdf != null) {
            org.telenovela.output.ScreenplayPdf.write(episode, pdf);
        }
        SceneResult r = episode.result();
        spec.commandLine().getErr().println("telenovela: " + r.termination() + " — " + r.lines().size() + " lines; " + r.detail());
        return 0;
    }

    private void validateFlags(Cast cast) {
        if (maxLines != null && (maxLines < 1 || maxLines > 10_000)) {
            throw Options.bad(spec, "--max-lines must be 1..10000, got " + maxLines);
        }
        if (policy != null && !Cast.POLICIES.contains(policy)) {
            throw Options.bad(spec, "--policy must be one of " + Cast.POLICIES + ", got '" + policy + "'");
        }
        if (!(faults >= 0 && faults < 1)) {
            throw Options.bad(spec, "--faults must be in [0, 1), got " + faults);
        }
    }


    /** Writes each beat and line the moment the director accepts it. */
    private static Director.Observer streaming(SceneWriter writer) {
        return new Director.Observer() {
            @Override
            public void beatStarted(int index, PlotTemplate.Beat beat) {
                writer.beat(index, beat);
            }

            @Override
            public void lineAccepted(SceneLog.Entry entry) {
                writer.line(entry);
            }

            @Override
            public void sceneEnded(SceneResult result) {
                writer.end(result.termination().name(), result.detail());
            }
        };
    }

    /** Temp file in the same folder, then rename: a reader never sees half a scene. */
    static void writeAtomically(Path file, String text) throws IOException {
        AtomicFile.write(file, text);
    }
}
