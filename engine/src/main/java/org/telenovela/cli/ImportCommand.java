package org.telenovela.cli;

import org.telenovela.importer.ImportReport;
import org.telenovela.importer.Importer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code telenovela import}: Fountain, transcripts and subtitles into a corpus folder, one Fountain file each. */
@Command(name = "import", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Convert scripts into corpus Fountain (one .fountain per source in DIR), with speakers and beats where the source has them.",
                "Formats by extension: .fountain, .txt (transcript with 'Name: line' cues), .srt, .vtt, .ttml/.dfxp/.xml."})
public final class ImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SRC", description = "source files")
    List<Path> sources;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "corpus folder to write into")
    Path out;

    @Option(names = "--sentence-case", description = "captions in ALL CAPS become sentence case (¿DÓNDE ESTÁ? -> ¿Dónde está?)")
    boolean sentenceCase;

    @Option(names = "--force", description = "overwrite files already in DIR")
    boolean force;

    @Override
    public Integer call() throws Exception {
        List<ImportReport> reports = Importer.importAll(sources, out, new Importer.Options(sentenceCase), force);
        PrintWriter err = spec.commandLine().getErr();
        int lines = 0;
        for (ImportReport r : reports) {
            err.print(r.describe());
            lines += r.lines();
        }
        err.printf("import: %d files, %d lines into %s%n", reports.size(), lines, out);
        return 0;
    }
}
