package org.telenovela.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * The training format: one dialogue line per text line, with the conditioning in front,
 * {@code beat|SPEAKER: text}. The director prompts with the same prefix, so what a model learned to
 * continue is exactly what it is asked to continue.
 */
public final class TrainingText {
    private TrainingText() {
    }

    /** The prompt for a speaker in a beat: everything before the spoken text. */
    public static String prefix(String beat, String cue) {
        return beat + "|" + cue + ": ";
    }

    public static String line(String beat, String cue, String spoken) {
        return prefix(beat, cue) + clean(spoken) + "\n";
    }

    public static String line(Screenplay.Line l) {
        return line(l.beat(), l.cue(), l.spoken());
    }

    /** A scene rendered line by line. */
    public static String scene(Screenplay.Scene scene) {
        StringBuilder sb = new StringBuilder();
        for (Screenplay.Line l : scene.lines()) {
            sb.append(line(l));
        }
        return sb.toString();
    }

    /** Text spoken in one line never contains a line break or a control separator at its start. */
    static String clean(String spoken) {
        return spoken.replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** All lines of the given scenes. */
    public static String scenes(List<Screenplay.Scene> scenes) {
        StringBuilder sb = new StringBuilder();
        scenes.forEach(s -> sb.append(scene(s)));
        return sb.toString();
    }

    /** Scenes as training text; with a cue, only that speaker's spoken text (and its line end) counts in the loss. */
    public static List<MaskedText> texts(List<Screenplay.Scene> scenes, String cue) {
        List<MaskedText> out = new ArrayList<>();
        for (Screenplay.Scene scene : scenes) {
            StringBuilder sb = new StringBuilder();
            List<int[]> own = new ArrayList<>();
            for (Screenplay.Line l : scene.lines()) {
                String line = line(l);
                if (cue != null && cue.equals(l.cue())) {
                    int from = sb.length() + prefix(l.beat(), l.cue()).length();
                    own.add(new int[]{from, sb.length() + line.length()});
                }
                sb.append(line);
            }
            if (cue == null) {
                out.add(MaskedText.all(sb.toString()));
            } else if (!own.isEmpty()) {
                boolean[] counts = new boolean[sb.length()];
                for (int[] span : own) {
                    java.util.Arrays.fill(counts, span[0], span[1], true);
                }
                out.add(new MaskedText(sb.toString(), counts));
            }
        }
        return out;
    }

    /** Characters of a cue's own lines (what min-character-chars is measured in); never any for unattributed lines. */
    public static long ownChars(List<Screenplay.Scene> scenes, String cue) {
        return scenes.stream().flatMap(s -> s.lines().stream()).filter(l -> l.attributed() && l.cue().equals(cue))
                .mapToLong(l -> l.spoken().length() + 1).sum();
    }
}
