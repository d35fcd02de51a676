package org.telenovela.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.telenovela.InvalidInputException;
import org.telenovela.cast.Cast;
import org.telenovela.corpus.Corpus;
import org.telenovela.judge.Evaluation;
import org.telenovela.scene.Episode;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.Seeds;
import org.telenovela.scene.SpeakerPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code telenovela eval}: held-out bits per character, and an independent judge's view of generated episodes. */
@Command(name = "eval", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Evaluate a cast: held-out bits/char (base vs fine-tuned) and judge attribution of generated lines.")
public final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CastArgument castFile;

    @Mixin
    Options.CorpusOption corpusDir;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "5", description = "episodes to generate and judge")
    int episodes;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--no-ablation", description = "skip replaying the episodes without beat conditioning (halves the time)")
    boolean noAblation;

    private List<Episode> play(Production production, Cast cast) {
        List<Episode> played = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            long seed = Seeds.derive(cast.seed(), Seeds.EPISODE, i) & Long.MAX_VALUE;
            played.add(production.play(seed, cast.maxLines(), SpeakerPolicy.Mode.parse(cast.policy()), FaultInjection.NONE,
                    new Director.Observer() { }));
        }
        return played;
    }

    @Override
    public Integer call() throws Exception {
        if (episodes < 0 || episodes > 1000) {
            throw Options.bad(spec, "--episodes must be 0..1000, got " + episodes);
        }
        Cast cast = Cast.load(castFile.file());
        Corpus corpus = Corpus.read(corpusDir.dir(Main.config()));
        Path base = cast.characters().resolve("base").resolve("model.zip");
        if (!Files.isRegularFile(base)) {
            throw InvalidInputException.at(base.toString(), "base model not found (train it with './telenovela train')");
        }
        Production production = Production.prepare(cast, Main.config());
        List<Episode> played = play(production, cast);
        // the ablation: the same seeds, directed without beat codes, contrast or cue bonus
        List<Episode> ablated = noAblation ? List.of() : play(production.withoutBeatConditioning(), cast);
        Evaluation.Report r = new Evaluation(corpus, cast).report(base, played, ablated);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Evaluation.summary(r)));
            return 0;
        }
        out.println("Held-out bits per character on each character's own lines (lower is better)");
        out.println("  (base and fine-tuned in training windows, each from a blank state; whole scenes: the fine-tuned model");
        out.println("  reading each held-out scene from its start, as a scene is generated)");
        out.printf("  %-12s %8s %11s %13s %9s%n", "character", "base", "fine-tuned", "whole scenes", "chars");
        for (Evaluation.BitsPerChar b : r.heldOut()) {
            out.printf("  %-12s %8.3f %11.3f %13.3f %9d%n", b.character(), b.base(), b.fineTuned(), b.fineTunedWholeScenes(), b.chars());
        }
        out.println();
        out.printf("Judge (naive Bayes on the training split), accuracy vs chance%n");
        out.printf("  speaker, held-out real lines  %5.1f %%  (chance %4.1f %%, %d lines)%n", 100 * r.speakerReal().accuracy(), 100 * r.speakerReal().chance(), r.speakerReal().lines());
        out.printf("  speaker, generated lines      %5.1f %%  (chance %4.1f %%, %d lines)%n", 100 * r.speakerGenerated().accuracy(), 100 * r.speakerGenerated().chance(), r.speakerGenerated().lines());
        out.printf("  beat, held-out real lines     %5.1f %%  (chance %4.1f %%, %d lines)%n", 100 * r.beatReal().accuracy(), 100 * r.beatReal().chance(), r.beatReal().lines());
        out.printf("  beat, generated lines         %5.1f %%  (chance %4.1f %%, %d lines)%n", 100 * r.beatGenerated().accuracy(), 100 * r.beatGenerated().chance(), r.beatGenerated().lines());
        if (!noAblation) {
            out.printf("  beat, same seeds, no beat conditioning %5.1f %%  (chance %4.1f %%, %d lines)%n",
                    100 * r.beatWithoutConditioning().accuracy(), 100 * r.beatWithoutConditioning().chance(), r.beatWithoutConditioning().lines());
        }
        out.println();
        out.printf("Generated lines (%d episodes): real words %.1f %%, repeated within an episode %.1f %%, copied from the corpus %.1f %%%n",
                r.episodes(), 100 * r.realWordShare(), 100 * r.repeatedLineShare(), 100 * r.copiedFromCorpusShare());
        out.printf("Fluency: word-trigram perplexity (training split; lower reads more like it): generated %.0f, held-out real %.0f%n",
                r.perplexityGenerated(), r.perplexityRealHeldOut());
        out.printf("Mean line length %.0f chars (corpus %.0f); endings %s%n", r.meanLineLength(), r.corpusMeanLineLength(), r.terminations());
        return 0;
    }
}
