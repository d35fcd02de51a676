package org.telenovela.cli;

import org.telenovela.scene.Steering;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.telenovela.InvalidInputException;
import org.telenovela.cast.Cast;
import org.telenovela.scene.Episode;
import org.telenovela.output.JsonWriter;
import org.telenovela.output.Renderer;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SpeakerPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code telenovela replay EPISODE.json}: plays the recorded episode again from its cast, plot, seed and settings,
 * after checking that every model file and the plot template are byte for byte the ones it was written with, and
 * refuses to print a replay whose lines differ from the recorded ones.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Regenerate an episode from its JSON (same cast, plot, seed, settings; refuses if a model or the plot changed, or if the lines differ).")
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EPISODE.json", description = "an episode written with --format json")
    Path episodeFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", description = "fountain, json or markdown")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of standard output")
    Path out;

    @Override
    public Integer call() throws IOException {
        org.telenovela.scene.Stage.warmUp(Main::config); // the actor system starts while the cast and models load
        Renderer.Format f = Options.parse(spec, format);
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(episodeFile.toFile());
        } catch (IOException e) {
            throw InvalidInputException.at(episodeFile.toString(), "not an episode JSON file: " + e.getMessage().split("\n")[0]);
        }
        if (json == null || !JsonWriter.FORMAT.equals(json.path("format").asText())) {
            throw InvalidInputException.at(episodeFile.toString(), "not an episode written by 'telenovela run --format json' (format '"
                    + (json == null ? "" : json.path("format").asText()) + "')");
        }
        // the cast file is recorded relative to the project folder (absolute if it lies outside), the plot relative to
        // the cast file; the plot played is the recorded one, which must not have changed since
        Path castPath = org.telenovela.ProjectHome.resolve(json.path("castFile").asText());
        Path plotPath = json.hasNonNull("plotFile") ? castPath.toAbsolutePath().getParent().resolve(json.path("plotFile").asText()).normalize() : null;
        if (plotPath != null && json.hasNonNull("plotSha256")) {
            String then = json.path("plotSha256").asText();
            String now = java.nio.file.Files.isRegularFile(plotPath) ? Production.sha256(plotPath) : "missing";
            if (!now.equals(then)) {
                throw InvalidInputException.at(episodeFile.toString(), "the plot template changed since this episode was written ("
                        + plotPath + ": recorded " + then.substring(0, Math.min(12, then.length())) + "..., now "
                        + now.substring(0, Math.min(12, now.length())) + "...)");
            }
        }
        Cast cast = Cast.load(castPath, plotPath, true);
        for (JsonNode player : json.path("cast")) {
            String id = player.path("id").asText();
            Cast.Member m;
            try {
                m = cast.byId(id);
            } catch (java.util.NoSuchElementException e) {
                throw InvalidInputException.at(episodeFile.toString(), "'" + id + "' is no longer in the cast " + cast.file());
            }
            String now = Production.sha256(m.model());
            String then = player.path("modelSha256").asText();
            if (!now.equals(then)) {
                throw InvalidInputException.at(episodeFile.toString(), "the model of '" + id + "' changed since this episode was written ("
                        + m.model() + ": recorded " + then.substring(0, Math.min(12, then.length())) + "..., now " + now.substring(0, 12) + "...)");
            }
        }
        Production production = Production.prepare(cast, Main.config());
        if (json.hasNonNull("director")) { // how the episode was directed, whatever the config says now
            try {
                production = production.directed(new ObjectMapper().treeToValue(json.get("director"), Steering.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                throw InvalidInputException.at(episodeFile + " (director)", bad.getOriginalMessage());
            }
        }
        Episode e = production.play(json.path("seed").asLong(), json.path("maxLines").asInt(),
                SpeakerPolicy.Mode.parse(json.path("policy").asText("auto")), FaultInjection.NONE, new Director.Observer() { });
        JsonNode recorded = json.path("lines");
        for (int i = 0; i < Math.max(recorded.size(), e.result().lines().size()); i++) {
            String then = i < recorded.size() ? recorded.get(i).path("text").asText() : "(no line)";
            String now = i < e.result().lines().size() ? e.result().lines().get(i).text() : "(no line)";
            if (!then.equals(now)) {
                throw InvalidInputException.at(episodeFile.toString(), "the replay differs from the recording at line " + (i + 1)
                        + " (recorded \"" + then + "\", now \"" + now + "\"); same models and plot, so the JVM or CPU computes differently");
            }
        }
        String text = Renderer.render(e, cast.plot(), f);
        if (out != null) {
            RunCommand.writeAtomically(out, text);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

}
