package org.telenovela.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.telenovela.InvalidInputException;
import org.telenovela.cast.Cast;
import org.telenovela.output.Episode;
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
 * {@code telenovela replay EPISODE.json}: plays the recorded episode again from its cast, seed and settings,
 * after checking that every model file is byte for byte the one it was written with.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Regenerate an episode from its JSON (same cast, seed, settings; refuses if a model changed).")
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EPISODE.json", description = "an episode written with --format json")
    Path episodeFile;

    @Option(names = "--format", defaultValue = "json", description = "fountain, json or markdown")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of standard output")
    Path out;

    @Override
    public Integer call() throws IOException {
        Renderer.Format f;
        try {
            f = Renderer.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be fountain, json or markdown, got '" + format + "'");
        }
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
        Cast cast = Cast.load(Path.of(json.path("castFile").asText()));
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
                production = production.directed(new ObjectMapper().treeToValue(json.get("director"), Director.Steering.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                throw InvalidInputException.at(episodeFile + " (director)", bad.getOriginalMessage());
            }
        }
        Episode e = production.play(json.path("seed").asLong(), json.path("maxLines").asInt(),
                SpeakerPolicy.Mode.parse(json.path("policy").asText("auto")), FaultInjection.NONE, new Director.Observer() { });
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
