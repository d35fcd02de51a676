package org.telenovela.importer;

/**
 * One speaker's turn being collected line by line from a subtitle cue: text lines join with a space, and starting
 * another turn (a dialogue dash, a new voice, a transcript's cue) says the one collected so far. Shared by the SRT,
 * WebVTT, TTML and transcript readers.
 */
final class TurnBuffer {
    private final ScriptBuilder b;
    private final StringBuilder text = new StringBuilder();
    private String cue;
    private int line;

    TurnBuffer(ScriptBuilder b) {
        this.b = b;
    }

    /** Says the turn collected so far, then starts one for {@code newCue} (null: an unknown speaker). */
    void start(String newCue, int n) {
        flush();
        cue = newCue;
        line = n;
    }

    boolean isEmpty() {
        return text.length() == 0;
    }

    /** Adds a line of text already cleaned of tags and entities; blank text adds nothing. */
    void add(String clean, int n) {
        String t = clean.strip();
        if (t.isEmpty()) {
            return;
        }
        if (text.length() == 0) {
            line = n;
        } else {
            text.append(' ');
        }
        text.append(t);
    }

    /** Says the turn collected so far, if any; returns whether a line was added (see {@link ScriptBuilder#say}). */
    boolean flush() {
        if (text.length() == 0) {
            return false;
        }
        boolean said = b.say(cue, text.toString(), line);
        text.setLength(0);
        return said;
    }
}
