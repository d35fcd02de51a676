package org.telenovela.corpus;

import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Fountain screenplay read as training material: its title page, and its scenes as ordered dialogue lines,
 * each tagged with the beat of the {@code # section} it stands in. Action, transitions and notes are skipped;
 * parentheticals stay with their line.
 */
public record Screenplay(String source, Map<String, String> titlePage, List<Scene> scenes) {

    /** One scene: a heading and its dialogue in order. */
    public record Scene(String source, int index, String heading, List<Line> lines) {
    }

    /**
     * One spoken line.
     *
     * @param beat          the beat section it stands in ({@link #NO_BEAT} outside any section)
     * @param cue           the character cue as written, without extension or {@code @}
     * @param parenthetical "(softly)" or empty
     * @param text          the dialogue, paragraphs joined by spaces
     * @param lineNumber    1-based line of the cue in the file
     */
    public record Line(String beat, String cue, String parenthetical, String text, int lineNumber) {
        /** The text as a character says it: parenthetical first, inside the line. */
        public String spoken() {
            return parenthetical.isEmpty() ? text : parenthetical + " " + text;
        }

        /** Whether a known speaker says it (not {@link #UNATTRIBUTED}). */
        public boolean attributed() {
            return !UNATTRIBUTED.equals(cue);
        }
    }

    public static final String NO_BEAT = "-";

    /**
     * The reserved cue of a line whose speaker is unknown (subtitles without speaker labels, a transcript before
     * its first cue). Such lines train the base model only: no character sheet may use this cue, so no fine-tune
     * and no cast member is ever made from them.
     */
    public static final String UNATTRIBUTED = "UNATTRIBUTED";

    private static final Pattern HEADING = Pattern.compile("^(INT|EXT|EST|INT\\./EXT|INT/EXT|I/E)[ .].*", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE_KEY = Pattern.compile("^[A-Za-z][A-Za-z ]*:.*");
    private static final Pattern TRANSITION = Pattern.compile("^[A-ZÁÉÍÓÚÜÑ ]+TO:$");

    /** Reads a Fountain file as strict UTF-8 (a BOM is allowed); other bytes are an input error naming the file. */
    public static Screenplay read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InvalidInputException.at(file.toString(), "cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw InvalidInputException.at(file.toString(), "not UTF-8 text (save it as UTF-8)");
        }
        if (text.indexOf('\0') >= 0) {
            throw InvalidInputException.at(file.toString(), "binary data, not a Fountain screenplay");
        }
        return parse(file.toString(), text);
    }

    public static Screenplay parse(String source, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] raw = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        Map<String, String> title = new LinkedHashMap<>();
        int i = 0;
        if (raw.length > 0 && TITLE_KEY.matcher(raw[0]).matches() && !HEADING.matcher(raw[0]).matches()) {
            String key = null;
            for (; i < raw.length && !raw[i].isBlank(); i++) {
                String l = raw[i];
                if (!Character.isWhitespace(l.charAt(0)) && l.contains(":")) {
                    key = l.substring(0, l.indexOf(':')).trim();
                    title.put(key, l.substring(l.indexOf(':') + 1).trim());
                } else if (key != null) {
                    title.merge(key, l.trim(), (a, b) -> a.isEmpty() ? b : a + " " + b);
                }
            }
        }
        List<Scene> scenes = new ArrayList<>();
        List<Line> current = new ArrayList<>();
        String heading = null;
        String beat = NO_BEAT;
        for (; i < raw.length; i++) {
            String line = raw[i].strip();
            boolean blankBefore = i == 0 || raw[i - 1].isBlank();
            if (line.isEmpty() || line.startsWith("[[") || line.startsWith("=")) {
                continue;
            }
            if (line.startsWith("#")) {
                beat = line.replaceFirst("^#+", "").strip();
                continue;
            }
            if (blankBefore && (HEADING.matcher(line).matches() || (line.startsWith(".") && !line.startsWith("..")))) {
                if (!current.isEmpty()) {
                    scenes.add(new Scene(source, scenes.size(), heading, List.copyOf(current)));
                    current.clear();
                }
                heading = line.startsWith(".") ? line.substring(1) : line;
                continue;
            }
            boolean nextNonBlank = i + 1 < raw.length && !raw[i + 1].isBlank();
            if (blankBefore && nextNonBlank && isCue(line)) {
                String cue = line.startsWith("@") ? line.substring(1) : line;
                cue = cue.replaceAll("\\s*\\(.*\\)\\s*$", "").replace("^", "").strip(); // (V.O.), (CONT'D), dual dialogue
                int cueLine = i + 1;
                String paren = "";
                StringBuilder said = new StringBuilder();
                for (i = i + 1; i < raw.length && !raw[i].isBlank(); i++) {
                    String d = raw[i].strip();
                    if (d.startsWith("(") && d.endsWith(")")) {
                        if (said.length() == 0 && paren.isEmpty()) {
                            paren = d;
                        } else {
                            said.append(said.length() == 0 ? "" : " ").append(d);
                        }
                    } else {
                        said.append(said.length() == 0 ? "" : " ").append(d);
                    }
                }
                if (said.length() > 0) {
                    current.add(new Line(beat, cue, paren, said.toString(), cueLine));
                }
            }
        }
        if (!current.isEmpty()) {
            scenes.add(new Scene(source, scenes.size(), heading, List.copyOf(current)));
        }
        return new Screenplay(source, title, List.copyOf(scenes));
    }

    /** A Fountain character cue: forced with {@code @}, or all capitals with at least one letter. */
    public static boolean isCue(String line) {
        if (line.startsWith("@")) {
            return line.length() > 1;
        }
        if (line.startsWith("!") || TRANSITION.matcher(line).matches()) {
            return false;
        }
        String name = line.replaceAll("\\(.*\\)", "").replace("^", "").strip();
        return !name.isEmpty() && name.equals(name.toUpperCase(java.util.Locale.ROOT))
                && name.chars().anyMatch(Character::isLetter);
    }
}
