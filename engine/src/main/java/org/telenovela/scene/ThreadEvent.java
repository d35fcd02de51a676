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

    /** The inverse of {@link #code()}: how an event comes back from JSON (a scene result sent between cluster nodes). */
    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    public static ThreadEvent parse(String code) {
        boolean opens = code.startsWith("opens:");
        if (!opens && !code.startsWith("closes:")) {
            throw new IllegalArgumentException("not a thread event: " + code);
        }
        String rest = code.substring(code.indexOf(':') + 1);
        boolean narrator = rest.endsWith(" (narrator)");
        String thread = narrator ? rest.substring(0, rest.length() - " (narrator)".length()) : rest;
        return new ThreadEvent(opens ? Kind.OPENS : Kind.CLOSES, thread, narrator);
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
