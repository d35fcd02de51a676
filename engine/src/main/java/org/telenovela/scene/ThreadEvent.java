package org.telenovela.scene;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A plot thread opening or closing on a line. Written out (JSON, step-through) as its {@link #code()}:
 * {@code opens:amor}, {@code closes:secreto}, {@code closes:memoria (narrator)}.
 *
 * @param byNarrator the thread was closed by the narrator after its beat ran past its extension
 */
public record ThreadEvent(Kind kind, String thread, boolean byNarrator) {
    public enum Kind { OPENS, CLOSES }

    public static ThreadEvent opens(String thread) {
        return new ThreadEvent(Kind.OPENS, thread, false);
    }

    public static ThreadEvent closes(String thread, boolean byNarrator) {
        return new ThreadEvent(Kind.CLOSES, thread, byNarrator);
    }

    public boolean opens() {
        return kind == Kind.OPENS;
    }

    @JsonValue
    public String code() {
        return (opens() ? "opens:" : "closes:") + thread + (byNarrator ? " (narrator)" : "");
    }

    @Override
    public String toString() {
        return code();
    }
}
