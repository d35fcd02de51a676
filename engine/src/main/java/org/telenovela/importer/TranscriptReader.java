package org.telenovela.importer;


import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain transcript with {@code Name: line} cues.
 *
 * <p>The cue rule: a cue is 1-4 words followed by a colon and a space (or the end of the line). Every word starts
 * with a capital letter, except the particles {@code de del la las los el y e da di van von of the}; a label
 * with the word narrator / narrador / narradora may have lower-case descriptive words ({@code Latin lover
 * narrator:}). Words are letters with {@code . ' -} inside (so {@code 10:30} and {@code http://} never are cues).
 * Label words such as {@code Note:}, {@code Nota:}, {@code Hora:} are never cues (they are reported as skipped).
 * A cue starts a line, or stands mid-paragraph right after the end of a sentence ({@code ... she said. Juan:
 * ¿Y tú?}). Mid-paragraph, a name of 1-3 capitalised words (or a narrator label of up to three words) counts
 * the first time it appears, because real caption transcripts come as one paragraph with most speakers heard once;
 * a four-word name must also be a cue at the start of some line, or appear mid-paragraph at least twice. Label
 * words stay text either way; a descriptive label in lower case ({@code Young man:}) is text mid-paragraph.
 *
 * <p>A line without a cue continues the current speaker (the line before it, or a new line after a blank line);
 * before the first cue, it is unattributed. {@code # name} lines set the beat; {@code INT.}/{@code EXT.} headings
 * start a scene.
 */
final class TranscriptReader {
    private static final String WORD = "\\p{L}[\\p{L}'’.-]*";
    private static final String NAME = "(" + WORD + "(?: " + WORD + "){0,3})";
    private static final Pattern LINE_CUE = Pattern.compile("^" + NAME + ":(?:\\s+|$)(.*)$");
    private static final Pattern MID_CUE = Pattern.compile("[.!?…][\"'»”’)\\]]?\\s+" + NAME + ":(?:\\s+|$)");
    private static final Pattern HEADING = Pattern.compile("^(INT|EXT|EST|INT\\./EXT|INT/EXT|I/E)[ .].*", Pattern.CASE_INSENSITIVE);
    private static final Set<String> PARTICLES = Set.of("de", "del", "la", "las", "los", "el", "y", "e", "da", "di",
            "van", "von", "of", "the");
    /** Labels that are never speakers, in English and Spanish. */
    static final Set<String> LABEL_WORDS = Set.of("NOTE", "NOTA", "NB", "N.B.", "PS", "P.S.", "OJO", "IMPORTANTE",
            "WARNING", "AVISO", "ATENCIÓN", "TIME", "HORA", "FECHA", "DATE", "SUBJECT", "ASUNTO", "RE", "FWD", "TEL",
            "TELÉFONO", "EMAIL", "CORREO", "DIRECCIÓN", "ADDRESS", "LUGAR", "PLACE", "SCENE", "ESCENA", "CAPÍTULO",
            "CHAPTER", "EPISODE", "EPISODIO", "TÍTULO", "TITLE", "SOURCE", "FUENTE", "EJEMPLO", "EXAMPLE", "TIP",
            "RESUMEN", "SUMMARY", "PD", "P.D.");

    private TranscriptReader() {
    }

    /** Whether a label has the shape of a cue (not yet whether it is a label word). */
    static boolean cueShape(String label) {
        String[] words = label.split(" ");
        if (words.length > 4 || !Character.isUpperCase(words[0].codePointAt(0))) {
            return false;
        }
        boolean narrator = false;
        for (String w : words) {
            narrator |= Cues.NARRATOR_WORDS.contains(w.toUpperCase(Locale.ROOT));
        }
        for (String w : words) {
            if (!Character.isUpperCase(w.codePointAt(0)) && !PARTICLES.contains(w) && !narrator) {
                return false;
            }
        }
        return true;
    }

    /** A name that counts as a cue mid-paragraph the first time it appears (see the class comment). */
    static boolean midParagraphShape(String label) {
        return label.split(" ").length <= 3 && cueShape(label);
    }

    static boolean labelWord(String label) {
        return LABEL_WORDS.contains(label.toUpperCase(Locale.ROOT));
    }

    static Imported read(String source, String text, boolean sentenceCase) {
        String[] lines = text.split("\n", -1);
        Set<String> known = knownSpeakers(lines);
        ScriptBuilder b = new ScriptBuilder(source, sentenceCase);
        new Reader(b, known).run(lines);
        Map<String, String> title = Map.of("Title", fileName(source), "Source", fileName(source) + " (transcript)");
        return b.build(title);
    }

    static String fileName(String source) {
        return java.nio.file.Path.of(source).getFileName().toString();
    }

    /** Names that may be cues mid-paragraph: cues at the start of a line, or seen mid-paragraph twice. */
    private static Set<String> knownSpeakers(String[] lines) {
        Set<String> known = new HashSet<>();
        Map<String, Integer> mid = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            Matcher m = LINE_CUE.matcher(line);
            if (m.matches() && cueShape(m.group(1)) && !labelWord(m.group(1))) {
                known.add(m.group(1));
            }
            Matcher mm = MID_CUE.matcher(line);
            for (int at = 0; at < line.length() && mm.find(at); at = mm.start() + 1) {
                if (cueShape(mm.group(1)) && !labelWord(mm.group(1))) {
                    mid.merge(mm.group(1), 1, Integer::sum);
                }
            }
        }
        mid.forEach((name, n) -> {
            if (n >= 2) {
                known.add(name);
            }
        });
        return known;
    }

    private static final class Reader {
        private final ScriptBuilder b;
        private final Set<String> known;
        private String label;   // the current cue as written, for the skip report
        private int labelLine;
        private boolean saidSomething = true;
        private final TurnBuffer turn; // the current speaker's turn; no speaker (null) before the first cue

        Reader(ScriptBuilder b, Set<String> known) {
            this.b = b;
            this.known = known;
            this.turn = new TurnBuffer(b);
        }

        void run(String[] lines) {
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                int n = i + 1;
                if (line.isEmpty()) {
                    flush();
                    continue;
                }
                if (line.startsWith("#")) {
                    flush();
                    b.beat(line.replaceFirst("^#+", ""));
                    continue;
                }
                if (HEADING.matcher(line).matches()) {
                    flush();
                    b.scene();
                    continue;
                }
                String rest = line;
                Matcher m = LINE_CUE.matcher(line);
                if (m.matches() && cueShape(m.group(1))) {
                    if (labelWord(m.group(1))) {
                        b.skip(m.group(1), n, "'" + m.group(1) + ":' is a label word, not a speaker; kept as text");
                    } else {
                        startCue(m.group(1), n);
                        rest = m.group(2);
                    }
                }
                Matcher mm = MID_CUE.matcher(rest);
                int from = 0;
                // every sentence end is a candidate: a rejected match must not hide the next one inside it
                for (int at = 0; at < rest.length() && mm.find(at); ) {
                    String name = mm.group(1);
                    if (!(known.contains(name) || midParagraphShape(name)) || labelWord(name)) {
                        at = mm.start() + 1;
                        continue;
                    }
                    append(rest.substring(from, mm.start(1)), n);
                    startCue(name, n);
                    from = mm.end();
                    at = from;
                }
                append(rest.substring(from), n);
            }
            flush();
            endCue();
        }

        private void startCue(String name, int n) {
            flush();
            endCue();
            Optional<String> cue = b.speaker(name, n, "no letters in the name");
            turn.start(cue.orElse(null), n);
            if (cue.isEmpty()) {
                return;
            }
            label = name;
            labelLine = n;
            saidSomething = false;
        }

        private void endCue() {
            if (!saidSomething) {
                b.skip(label, labelLine, "no dialogue after the cue");
                saidSomething = true;
            }
        }

        private void append(String text, int n) {
            turn.add(text, n);
        }

        private void flush() {
            saidSomething |= turn.flush();
        }
    }
}
