package org.telenovela.importer;

import org.telenovela.corpus.Screenplay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects what a reader finds (turns with a speaker or none, beats, scene breaks, skipped cues) into a
 * {@link Screenplay}: the same model {@code Screenplay.parse} gives for the Fountain the importer writes.
 * Text is tidied on the way in: white space collapsed, a leading stage direction in {@code (...)} or
 * {@code [...]} kept as the line's parenthetical, brackets written as parentheses.
 */
final class ScriptBuilder {
    /** Long stretches without a scene break are cut here, so that the corpus's held-out split has scenes to take. */
    static final int MAX_LINES_PER_SCENE = 40;

    private static final Pattern LEADING_DIRECTION = Pattern.compile("^(\\([^()]*\\)|\\[[^\\[\\]]*\\])\\s*(.*)$");

    private record Turn(String beat, String cue, String parenthetical, String text, int line) {
    }

    private final String source;
    private final boolean sentenceCase;
    private final List<List<Turn>> scenes = new ArrayList<>();
    private final List<SkippedCue> skipped = new ArrayList<>();
    private List<Turn> current = new ArrayList<>();
    private String beat = Screenplay.NO_BEAT;
    private String pendingDirection = "";

    ScriptBuilder(String source, boolean sentenceCase) {
        this.source = source;
        this.sentenceCase = sentenceCase;
    }

    /** Starts a new scene (a heading in a transcript, a long silence in subtitles). */
    void scene() {
        if (!current.isEmpty()) {
            scenes.add(current);
            current = new ArrayList<>();
        }
    }

    void beat(String name) {
        String b = name.replace('|', '/').strip();
        beat = b.isEmpty() ? Screenplay.NO_BEAT : b;
    }

    void skip(String cue, int line, String reason) {
        skipped.add(new SkippedCue(cue, line, reason));
    }

    private Long lastEnd; // end of the latest timed subtitle so far (ms)

    /** A subtitle timed {@code begin}..{@code end} (ms, either may be unknown): a long silence before it starts a scene. */
    void timed(Long begin, Long end) {
        if (lastEnd != null && begin != null && begin - lastEnd >= SubtitleText.SCENE_GAP_MS) {
            scene();
        }
        if (end != null) {
            lastEnd = lastEnd == null ? end : Math.max(lastEnd, end);
        }
    }

    /**
     * The cue for a speaker label, or empty (and the label reported as skipped) when nothing usable is left of it or
     * it is the reserved cue for lines without a speaker.
     */
    java.util.Optional<String> speaker(String label, int line, String whenNoLetters) {
        java.util.Optional<String> cue = Cues.of(label);
        if (cue.isEmpty() || cue.get().equals(Screenplay.UNATTRIBUTED)) {
            skip(label, line, cue.isEmpty() ? whenNoLetters : "'" + Screenplay.UNATTRIBUTED + "' is reserved for lines without a speaker");
            return java.util.Optional.empty();
        }
        return cue;
    }

    /**
     * One spoken turn. {@code cue} is a Fountain cue or null for an unknown speaker; a turn that is only a stage
     * direction is kept for the next line. Returns whether a line was added.
     */
    boolean say(String cue, String text, int line) {
        String t = text.replaceAll("\\s+", " ").strip();
        String direction = pendingDirection;
        Matcher m = LEADING_DIRECTION.matcher(t);
        if (m.matches()) {
            String d = parenthesise(m.group(1));
            direction = direction.isEmpty() ? d : direction.substring(0, direction.length() - 1) + "; " + d.substring(1);
            t = m.group(2);
        }
        t = t.replace('[', '(').replace(']', ')').strip();
        if (t.isEmpty() || t.chars().noneMatch(Character::isLetterOrDigit)) {
            pendingDirection = direction;
            return false;
        }
        pendingDirection = "";
        if (current.size() >= MAX_LINES_PER_SCENE) {
            scene();
        }
        current.add(new Turn(beat, cue == null ? Screenplay.UNATTRIBUTED : cue, direction, t, line));
        return true;
    }

    private static String parenthesise(String d) {
        String inner = d.substring(1, d.length() - 1).replaceAll("\\s+", " ").strip();
        return "(" + inner + ")";
    }

    Imported build(Map<String, String> titlePage) {
        scene();
        Set<String> names = new HashSet<>();
        for (List<Turn> s : scenes) {
            for (Turn t : s) {
                if (!t.cue().equals(Screenplay.UNATTRIBUTED)) {
                    for (String w : t.cue().split(" ")) {
                        names.add(w.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        List<Screenplay.Scene> out = new ArrayList<>();
        for (List<Turn> s : scenes) {
            List<Screenplay.Line> lines = new ArrayList<>();
            for (Turn t : s) {
                String text = sentenceCase ? SentenceCase.apply(t.text(), names) : t.text();
                String paren = sentenceCase ? SentenceCase.apply(t.parenthetical(), Set.of()) : t.parenthetical();
                lines.add(new Screenplay.Line(t.beat(), t.cue(), paren, text, t.line()));
            }
            out.add(new Screenplay.Scene(source, out.size(), "SCENE " + (out.size() + 1), List.copyOf(lines)));
        }
        return new Imported(new Screenplay(source, new LinkedHashMap<>(titlePage), List.copyOf(out)), List.copyOf(skipped));
    }
}
