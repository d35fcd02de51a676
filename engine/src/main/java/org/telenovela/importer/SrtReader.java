package org.telenovela.importer;

import org.telenovela.InvalidInputException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SubRip ({@code .srt}): numbered blocks, a {@code HH:MM:SS,mmm --> HH:MM:SS,mmm} line, then text. SRT has no
 * speaker field, so every line is unattributed; a leading dialogue dash ({@code - }) starts a new turn; formatting
 * tags and {@code {\an8}} overrides are removed. A malformed block is an error naming the file and line.
 */
final class SrtReader {
    private static final Pattern NUMBER = Pattern.compile("^\\d+$");
    private static final String TIME = "(\\d{1,3}):(\\d{2}):(\\d{2})[,.](\\d{1,3})";
    private static final Pattern TIMING = Pattern.compile("^" + TIME + "\\s*-->\\s*" + TIME + "(?:\\s+.*)?$");

    private SrtReader() {
    }

    static Imported read(String source, String text, boolean sentenceCase) {
        String[] lines = text.split("\n", -1);
        ScriptBuilder b = new ScriptBuilder(source, sentenceCase);
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            String first = lines[i].strip();
            int timingLine;
            if (NUMBER.matcher(first).matches()) {
                timingLine = i + 1;
                if (timingLine >= lines.length || lines[timingLine].isBlank()) {
                    throw InvalidInputException.at(source + ":" + (i + 1), "subtitle " + first
                            + " has no timestamp line (expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm' on the next line)");
                }
            } else if (first.contains("-->")) {
                timingLine = i;
            } else {
                throw InvalidInputException.at(source + ":" + (i + 1), "expected a subtitle number or a timestamp line, got '"
                        + shorten(first) + "'");
            }
            long[] span = timing(source, timingLine + 1, lines[timingLine].strip());
            b.timed(span[0], span[1]);
            TurnBuffer turn = new TurnBuffer(b);
            for (i = timingLine + 1; i < lines.length && !lines[i].isBlank(); i++) {
                String t = SubtitleText.decodeEntities(SubtitleText.stripTags(lines[i])).strip();
                if (SubtitleText.startsWithDash(t) && !turn.isEmpty()) {
                    turn.start(null, i + 1);
                }
                turn.add(SubtitleText.withoutDash(t), i + 1);
            }
            turn.flush();
        }
        String name = TranscriptReader.fileName(source);
        return b.build(Map.of("Title", name, "Source", name + " (SubRip subtitles)"));
    }

    /** Start and end in milliseconds; a malformed line is an error at {@code source:line}. */
    static long[] timing(String source, int line, String text) {
        Matcher m = TIMING.matcher(text);
        if (!m.matches()) {
            throw InvalidInputException.at(source + ":" + line, "malformed timestamp '" + shorten(text)
                    + "' (expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm', e.g. '00:01:02,500 --> 00:01:04,000')");
        }
        long start = ms(m, 1);
        long end = ms(m, 5);
        if (start < 0 || end < 0) {
            throw InvalidInputException.at(source + ":" + line, "malformed timestamp '" + shorten(text)
                    + "': minutes and seconds must be 00..59");
        }
        if (end < start) {
            throw InvalidInputException.at(source + ":" + line, "subtitle ends before it starts: '" + shorten(text) + "'");
        }
        return new long[]{start, end};
    }

    private static long ms(Matcher m, int g) {
        int h = Integer.parseInt(m.group(g));
        int min = Integer.parseInt(m.group(g + 1));
        int s = Integer.parseInt(m.group(g + 2));
        String frac = m.group(g + 3);
        if (min > 59 || s > 59) {
            return -1;
        }
        int millis = Integer.parseInt((frac + "00").substring(0, 3));
        return ((h * 60L + min) * 60 + s) * 1000 + millis;
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
