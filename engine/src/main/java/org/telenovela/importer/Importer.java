package org.telenovela.importer;

import org.telenovela.AtomicFile;
import org.telenovela.InvalidInputException;
import org.telenovela.corpus.Screenplay;
import org.telenovela.corpus.TrainingText;
import org.telenovela.model.Vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Bring your own scripts: converts Fountain, transcripts and subtitles into the corpus's Fountain (one file per
 * source), with speakers where the source names them and {@link Screenplay#UNATTRIBUTED} where it does not. Every
 * source is read and converted before anything is written, so a bad file leaves the output folder as it was.
 */
public final class Importer {

    /** @param sentenceCase captions in ALL CAPS become sentence case */
    public record Options(boolean sentenceCase) {
    }

    /** One source converted in memory: the file name it will have in the corpus, its Fountain and its report. */
    public record Converted(Path source, String fileName, String fountain, Screenplay screenplay, ImportReport report) {
    }

    private Importer() {
    }

    /** Reads and converts one source; the format comes from its extension. */
    public static Converted convert(Path source, Options options) {
        SourceFormat format = SourceFormat.of(source);
        String text = SourceText.read(source);
        String name = source.toString();
        String fountain;
        Screenplay play;
        List<SkippedCue> skipped = List.of();
        if (format == SourceFormat.FOUNTAIN) {
            play = validFountain(name, text);
            fountain = text;
        } else {
            Imported imported = switch (format) {
                case TRANSCRIPT -> TranscriptReader.read(name, text, options.sentenceCase());
                case SRT -> SrtReader.read(name, text, options.sentenceCase());
                case WEBVTT -> WebVttReader.read(name, text, options.sentenceCase());
                case TTML -> TtmlReader.read(name, text, options.sentenceCase());
                case FOUNTAIN -> throw new IllegalStateException();
            };
            play = imported.screenplay();
            if (play.scenes().isEmpty()) {
                throw InvalidInputException.at(name, "no dialogue found in this " + format.description + " file");
            }
            skipped = imported.skipped();
            fountain = render(play);
            checkRoundTrip(name, fountain, play);
        }
        String file = fileName(source);
        return new Converted(source, file, fountain, play, report(source.toString(), file, format, play, skipped));
    }

    /** Imports every source into {@code out}; refuses to overwrite a file there unless {@code force}. */
    public static List<ImportReport> importAll(List<Path> sources, Path out, Options options, boolean force) throws IOException {
        if (sources.isEmpty()) {
            throw new InvalidInputException("import: no source files given");
        }
        List<Converted> converted = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path s : sources) {
            Converted c = convert(s, options);
            Path before = names.put(c.fileName(), s);
            if (before != null) {
                throw InvalidInputException.at(s.toString(), "would be written to " + out.resolve(c.fileName())
                        + " like " + before + "; rename one of them");
            }
            Path target = out.resolve(c.fileName());
            if (Files.exists(target) && isSameFile(target, s)) {
                throw InvalidInputException.at(s.toString(), "the output folder holds the source itself; choose another --out");
            }
            if (Files.exists(target) && !force) {
                throw InvalidInputException.at(target.toString(), "already exists (use --force to overwrite)");
            }
            converted.add(c);
        }
        Files.createDirectories(out);
        List<ImportReport> reports = new ArrayList<>();
        for (Converted c : converted) {
            AtomicFile.write(out.resolve(c.fileName()), c.fountain());
            reports.add(c.report());
        }
        return reports;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code episode-1.srt} -> {@code episode-1.fountain}. */
    static String fileName(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot <= 0 ? name : name.substring(0, dot)) + ".fountain";
    }

    /** Fountain in, Fountain out: it must parse, have dialogue, and use no cue or beat the training format reserves. */
    static Screenplay validFountain(String name, String text) {
        Screenplay play = Screenplay.parse(name, text);
        if (play.scenes().isEmpty()) {
            throw InvalidInputException.at(name, "no dialogue found (expected Fountain character cues in CAPITALS followed by dialogue)");
        }
        for (Screenplay.Scene s : play.scenes()) {
            for (Screenplay.Line l : s.lines()) {
                if (l.cue().contains("|") || l.cue().contains(":") || l.cue().isBlank()) {
                    throw InvalidInputException.at(name + ":" + l.lineNumber(), "character cue '" + l.cue()
                            + "' may not contain '|' or ':' (the training format uses them as separators)");
                }
                if (l.beat().contains("|")) {
                    throw InvalidInputException.at(name + ":" + l.lineNumber(), "beat '" + l.beat()
                            + "' (the # section above this line) may not contain '|'");
                }
            }
        }
        return play;
    }

    /** The corpus's Fountain for a converted script: title page, a forced heading per scene, sections for beats. */
    static String render(Screenplay play) {
        StringBuilder sb = new StringBuilder();
        play.titlePage().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        String beat = Screenplay.NO_BEAT;
        for (Screenplay.Scene s : play.scenes()) {
            sb.append("\n.").append(s.heading()).append('\n');
            for (Screenplay.Line l : s.lines()) {
                if (!l.beat().equals(beat)) {
                    beat = l.beat();
                    sb.append("\n# ").append(beat).append('\n');
                }
                sb.append('\n').append(Cues.fountainLine(l.cue())).append('\n');
                if (!l.parenthetical().isEmpty()) {
                    sb.append(l.parenthetical()).append('\n');
                }
                sb.append(l.text()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The written Fountain must read back as exactly the lines that were converted. */
    private static void checkRoundTrip(String name, String fountain, Screenplay play) {
        List<Screenplay.Line> want = play.scenes().stream().flatMap(s -> s.lines().stream()).toList();
        List<Screenplay.Line> got = Screenplay.parse(name, fountain).scenes().stream().flatMap(s -> s.lines().stream()).toList();
        boolean same = want.size() == got.size();
        for (int i = 0; same && i < want.size(); i++) {
            Screenplay.Line a = want.get(i);
            Screenplay.Line b = got.get(i);
            same = a.cue().equals(b.cue()) && a.beat().equals(b.beat()) && a.spoken().equals(b.spoken());
        }
        if (!same) {
            throw new IllegalStateException(name + ": the converted Fountain does not read back as the converted lines");
        }
    }

    static ImportReport report(String source, String output, SourceFormat format, Screenplay play, List<SkippedCue> skipped) {
        Map<String, Integer> perSpeaker = new HashMap<>();
        int unattributed = 0;
        StringBuilder training = new StringBuilder();
        for (Screenplay.Scene s : play.scenes()) {
            for (Screenplay.Line l : s.lines()) {
                if (l.attributed()) {
                    perSpeaker.merge(l.cue(), 1, Integer::sum);
                } else {
                    unattributed++;
                }
                training.append(TrainingText.line(l));
            }
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        perSpeaker.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        Map<Character, Integer> unknown = new TreeMap<>(Vocabulary.standard().encode(training).unknown());
        return new ImportReport(source, output, format, sorted, unattributed, unknown, List.copyOf(Objects.requireNonNull(skipped)));
    }
}
