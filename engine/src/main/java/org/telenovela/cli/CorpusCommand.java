package org.telenovela.cli;

import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.Screenplay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code telenovela corpus}: what the corpus holds: KB of lines per character, scenes per beat, the split. */
@Command(name = "corpus", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Corpus statistics: KB of dialogue per character, scenes per beat, training/held-out split.")
public final class CorpusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CorpusOption corpusDir;

    @Override
    public Integer call() {
        Corpus corpus = Corpus.read(corpusDir.dir(Main.config()));
        Map<String, Long> bytes = new TreeMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        Map<String, Set<String>> scenesPerBeat = new TreeMap<>();
        long total = 0;
        for (Screenplay.Scene scene : corpus.allScenes()) {
            for (Screenplay.Line l : scene.lines()) {
                long b = l.spoken().getBytes(StandardCharsets.UTF_8).length;
                bytes.merge(l.cue(), b, Long::sum);
                lines.merge(l.cue(), 1, Integer::sum);
                scenesPerBeat.computeIfAbsent(l.beat(), k -> new HashSet<>()).add(scene.source() + "#" + scene.index());
                total += b;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d files, %d scenes (%d training, %d held out), %.1f KB of dialogue%n%n", corpus.screenplays().size(),
                corpus.allScenes().size(), corpus.training().size(), corpus.heldOut().size(), total / 1024.0);
        out.printf("%-20s %8s %7s%n", "character", "KB", "lines");
        bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.printf("%-20s %8.1f %7d%n", e.getKey(), e.getValue() / 1024.0, lines.get(e.getKey())));
        out.printf("%n%-20s %7s%n", "beat", "scenes");
        scenesPerBeat.forEach((beat, scenes) -> out.printf("%-20s %7d%n", beat, scenes.size()));
        return 0;
    }
}
