package org.telenovela.corpus;

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
}
