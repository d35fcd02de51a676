package org.telenovela.cli;

import org.telenovela.corpus.Corpus;
import org.telenovela.importer.CastScaffold;
import org.telenovela.plot.PlotTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code telenovela new-cast}: a cast file and character sheets scaffolded from an (imported) corpus. */
@Command(name = "new-cast", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Scaffold a cast file and character sheets from a corpus (e.g. one written by 'import'):",
                "characters with enough text of their own, most lines first, cast into the plot's roles."})
public final class NewCastCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "corpus folder")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "CAST", description = "the cast file to write (e.g. config/cast-mine.yaml)")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE", description = "arc template (default: plots/amor-perdido.yaml)")
    Path plot;

    @Option(names = "--characters", paramLabel = "DIR", description = "where the character sheets go (default: a 'characters' folder beside CAST)")
    Path characters;

    @Option(names = "--min-chars", paramLabel = "N", description = "characters of own lines a character needs (default: telenovela.training.min-character-chars)")
    Integer minChars;

    @Option(names = "--title", description = "the episode title (default: the corpus folder's name)")
    String title;

    @Mixin
    Options.SeedOption seedOption;

    @Mixin
    Options.ConfigOption configFile;

    @Option(names = "--force", description = "overwrite existing cast and character files")
    boolean force;

    @Override
    public Integer call() throws Exception {
        int min = minChars != null ? minChars : configFile.config().getInt("telenovela.training.min-character-chars");
        if (min < 0) {
            throw Options.bad(spec, "--min-chars must be >= 0, got " + min);
        }
        long seed = seedOption.orElse(1);
        Path plotFile = plot != null ? plot : Main.home().resolve("plots").resolve("amor-perdido.yaml");
        if (!java.nio.file.Files.isRegularFile(plotFile)) {
            throw org.telenovela.InvalidInputException.at(plotFile.toString(), "plot template not found");
        }
        PlotTemplate template = PlotTemplate.load(plotFile);
        Corpus c = Corpus.read(corpus);
        CastScaffold.Plan plan = CastScaffold.plan(c, template, min);
        Path chars = characters != null ? characters : out.toAbsolutePath().getParent().resolve("characters");
        String t = title != null ? title : corpus.toAbsolutePath().normalize().getFileName().toString();
        CastScaffold.write(plan, corpus, out, chars, plotFile, t, seed, force);

        PrintWriter err = spec.commandLine().getErr();
        err.printf("new-cast: %s (plot '%s', at least %d characters of own lines each)%n", out, template.title(), min);
        for (CastScaffold.Member m : plan.cast()) {
            err.printf("  %-12s %-24s %-20s %5d lines %7d chars%n", m.role(), m.speaker().cue(), m.id(), m.speaker().lines(),
                    m.speaker().trainingChars());
        }
        for (CastScaffold.Skipped s : plan.skipped()) {
            err.printf("  skipped %s: %s%n", s.cue(), s.reason());
        }
        err.printf("new-cast: character sheets in %s; next: telenovela train --corpus %s --cast %s%n", chars, corpus, out);
        return 0;
    }
}
