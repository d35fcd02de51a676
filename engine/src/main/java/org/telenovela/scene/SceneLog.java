package org.telenovela.scene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every accepted line of a scene, in order: the single source of truth. The director owns it and no other actor
 * touches it: a character that rebuilds its memory (after a crash, or when its memory returns) gets an immutable
 * {@link Heard} from the director in a message; the writers render the copy in the scene's result.
 */
public final class SceneLog {
    /** One accepted candidate of a turn, with its score. */
    public record Candidate(String text, double logProb, double score, boolean truncated) {
    }

    /**
     * One accepted line.
     *
     * @param turn         0-based position in the scene
     * @param beat         the beat it was spoken in
     * @param speaker      character id
     * @param cue          the speaker's cue (training control code)
     * @param text         the line
     * @param logProb      natural log-probability of the chosen line under its speaker's model
     * @param candidates   every candidate the speaker offered
     * @param chosen       index of the accepted candidate ({@code -1} for a line a person typed)
     * @param threadEvents the plot threads this line opened or closed
     * @param audience     ids of the characters on stage, who heard it
     */
    public record Entry(int turn, String beat, String speaker, String cue, String text, double logProb,
                        List<Candidate> candidates, int chosen, List<ThreadEvent> threadEvents,
                        @com.fasterxml.jackson.databind.annotation.JsonDeserialize(as = java.util.LinkedHashSet.class) Set<String> audience) {
        public Entry {
            candidates = List.copyOf(candidates);
            threadEvents = List.copyOf(threadEvents);
            audience = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(audience)); // keeps stage order
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> forgottenAt = new HashMap<>();

    public synchronized void append(Entry e) {
        entries.add(e);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** The character lost its memory here: what came before is no longer part of what it heard. */
    public synchronized void markForgotten(String character) {
        forgottenAt.put(character, entries.size());
    }

    /** The character's memory is back: everything it heard counts again. */
    public synchronized void markRemembered(String character) {
        forgottenAt.remove(character);
    }

    /**
     * What a character has heard and still remembers, and how many entries the log held then: a character that
     * rebuilds its memory from this ignores the {@code Hear} messages of those entries, which may still be on
     * their way to it, so what it hears does not depend on timing.
     */
    public record Heard(List<Entry> entries, int logSize) {
        public Heard {
            entries = List.copyOf(entries);
        }
    }

    public synchronized Heard heard(String character) {
        return new Heard(heardBy(character), entries.size());
    }

    /** What a character has heard and still remembers, in order. */
    public synchronized List<Entry> heardBy(String character) {
        int from = forgottenAt.getOrDefault(character, 0);
        List<Entry> out = new ArrayList<>();
        for (int i = from; i < entries.size(); i++) {
            if (entries.get(i).audience().contains(character)) {
                out.add(entries.get(i));
            }
        }
        return out;
    }
}
