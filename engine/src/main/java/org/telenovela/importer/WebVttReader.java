package org.telenovela.importer;

import org.telenovela.InvalidInputException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebVTT ({@code .vtt}): the {@code WEBVTT} header is required; {@code NOTE}, {@code STYLE} and {@code REGION}
 * blocks are skipped; a voice span {@code <v Name>} (also {@code <v.loud Name>}) gives the speaker of the text after
 * it; other tags are removed and entities decoded. A cue without a voice is unattributed, and so is a turn opened
 * by a dialogue dash inside another speaker's cue (the dash means someone else answers).
 */
final class WebVttReader {
    private static final Pattern HEADER = Pattern.compile("^WEBVTT(?:[ \\t].*)?$");
    private static final String TIME = "(?:(\\d{1,3}):)?(\\d{2}):(\\d{2})\\.(\\d{3})";
    private static final Pattern TIMING = Pattern.compile("^" + TIME + "[ \\t]+-->[ \\t]+" + TIME + "(?:[ \\t].*)?$");
    private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^\\s>]*)?(?:[ \\t]+([^>]*))?>");
    private static final Pattern SKIPPED_BLOCK = Pattern.compile("^(NOTE|STYLE|REGION)(?:[ \\t].*)?$");

    private WebVttReader() {
    }

    static Imported read(String source, String text, boolean sentenceCase) {
        String[] lines = text.split("\n", -1);
        if (!HEADER.matcher(lines[0]).matches()) {
            throw InvalidInputException.at(source + ":1", "missing the 'WEBVTT' header (a WebVTT file starts with the line WEBVTT)");
        }
        ScriptBuilder b = new ScriptBuilder(source, sentenceCase);
        int i = 0;
        while (i < lines.length && !lines[i].isBlank()) {
            i++; // header block
        }
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            String first = lines[i].strip();
            if (SKIPPED_BLOCK.matcher(first).matches() && !first.contains("-->")) {
                while (i < lines.length && !lines[i].isBlank()) {
                    i++;
                }
                continue;
            }
            int timingLine = first.contains("-->") ? i : i + 1;
            if (timingLine >= lines.length || !lines[timingLine].contains("-->")) {
                throw InvalidInputException.at(source + ":" + (timingLine + 1), "expected a cue timing line "
                        + "'HH:MM:SS.mmm --> HH:MM:SS.mmm' after the cue identifier '" + SrtReader.shorten(first) + "'");
            }
            long[] span = timing(source, timingLine + 1, lines[timingLine].strip());
            b.timed(span[0], span[1]);
            i = cue(b, source, lines, timingLine + 1);
        }
        String name = TranscriptReader.fileName(source);
        return b.build(Map.of("Title", name, "Source", name + " (WebVTT subtitles)"));
    }

    /** Reads one cue's payload from line {@code i}; returns the index of the line after it. */
    private static int cue(ScriptBuilder b, String source, String[] lines, int i) {
        TurnBuffer turn = new TurnBuffer(b);
        for (; i < lines.length && !lines[i].isBlank(); i++) {
            String line = lines[i].strip();
            int n = i + 1;
            if (SubtitleText.startsWithDash(SubtitleText.stripTags(line))) {
                boolean voiced = VOICE.matcher(line).lookingAt()
                        || VOICE.matcher(SubtitleText.withoutDash(line)).lookingAt();
                if (!voiced) {
                    turn.start(null, n); // someone else answers
                }
                line = SubtitleText.withoutDash(line);
            }
            Matcher v = VOICE.matcher(line);
            int from = 0;
            while (v.find()) {
                turn.add(clean(line.substring(from, v.start())), n);
                String label = v.group(1) == null ? "" : SubtitleText.decodeEntities(v.group(1)).strip();
                turn.start(b.speaker(label, n, "voice span without a usable name").orElse(null), n);
                from = v.end();
            }
            turn.add(clean(line.substring(from)), n);
        }
        turn.flush();
        return i;
    }

    /** The turn being collected inside one cue. */
    private static String clean(String raw) {
        return SubtitleText.decodeEntities(SubtitleText.stripTags(raw));
    }

    static long[] timing(String source, int line, String text) {
        Matcher m = TIMING.matcher(text);
        if (!m.matches()) {
            throw InvalidInputException.at(source + ":" + line, "malformed cue timing '" + SrtReader.shorten(text)
                    + "' (expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm' or 'MM:SS.mmm --> MM:SS.mmm')");
        }
        long start = ms(m, 1);
        long end = ms(m, 5);
        if (start < 0 || end < 0) {
            throw InvalidInputException.at(source + ":" + line, "malformed cue timing '" + SrtReader.shorten(text)
                    + "': minutes and seconds must be 00..59");
        }
        if (end < start) {
            throw InvalidInputException.at(source + ":" + line, "cue ends before it starts: '" + SrtReader.shorten(text) + "'");
        }
        return new long[]{start, end};
    }

    private static long ms(Matcher m, int g) {
        int h = m.group(g) == null ? 0 : Integer.parseInt(m.group(g));
        int min = Integer.parseInt(m.group(g + 1));
        int s = Integer.parseInt(m.group(g + 2));
        if (min > 59 || s > 59) {
            return -1;
        }
        return ((h * 60L + min) * 60 + s) * 1000 + Integer.parseInt(m.group(g + 3));
    }
}
