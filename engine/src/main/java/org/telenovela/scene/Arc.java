package org.telenovela.scene;

import org.telenovela.plot.PlotTemplate;
import org.telenovela.plot.PlotTemplate.Beat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Where a scene stands in its arc: the beat being played and how many lines it is to have, the lines said in it so
 * far, the threads open and closed, the beats played. Plain Java (no actors), so its rules are tested directly:
 * a beat's threads open on its first line; they close through a line that does the closing beat's work (uses one
 * of its cue words), or through the narrator once the beat has run past its extension.
 */
final class Arc {
    /** What one accepted line did to the arc. */
    record Step(List<ThreadEvent> events, boolean lastOfBeat, boolean threadsPending, int spoken) {
    }

    private final PlotTemplate plot;
    private final long seed;
    private final Set<String> openThreads = new LinkedHashSet<>();
    private final List<String> beatsPlayed = new ArrayList<>();
    private final List<SpeakerPolicy.Spoken> beatSoFar = new ArrayList<>();
    private int beatIndex = -1;
    private int beatTarget;
    private boolean narratorClosing;

    Arc(PlotTemplate plot, long seed) {
        this.plot = plot;
        this.seed = seed;
    }

    Beat beat() {
        return plot.beats().get(beatIndex);
    }

    int beatIndex() {
        return beatIndex;
    }

    boolean isLastBeat() {
        return beatIndex == plot.beats().size() - 1;
    }

    /** Starts beat {@code index}: its line count is drawn from the scene's seed, fixed by the index. */
    void startBeat(int index) {
        beatIndex = index;
        Beat b = beat();
        beatsPlayed.add(b.id());
        beatSoFar.clear();
        SplittableRandom r = new SplittableRandom(Seeds.derive(seed, Seeds.BEAT_LENGTH, index));
        beatTarget = b.minLines() + r.nextInt(b.maxLines() - b.minLines() + 1);
    }

    /** The lines said in this beat so far, oldest first (what the speaker policy balances). */
    List<SpeakerPolicy.Spoken> beatSoFar() {
        return beatSoFar;
    }

    /** The next line is to close this beat's open threads, whatever it says (see the class comment). */
    void narratorWillClose() {
        narratorClosing = true;
    }

    /** Records a line accepted in the current beat. */
    Step accept(String role, String text) {
        Beat b = beat();
        List<ThreadEvent> events = new ArrayList<>();
        if (beatSoFar.isEmpty()) {
            for (String t : b.opens()) {
                openThreads.add(t);
                events.add(ThreadEvent.opens(t));
            }
        }
        if (narratorClosing || ThreadCloser.doesTheWork(text, b.cues())) {
            for (String t : b.closes()) {
                if (openThreads.remove(t)) {
                    events.add(ThreadEvent.closes(t, narratorClosing));
                }
            }
        }
        narratorClosing = false;
        boolean pending = b.closes().stream().anyMatch(openThreads::contains);
        int spoken = beatSoFar.size() + 1;
        beatSoFar.add(new SpeakerPolicy.Spoken(role, text));
        return new Step(List.copyOf(events), spoken >= beatTarget && !pending, pending, spoken);
    }

    /** The beat has run past its extension with threads still to close. */
    boolean overdue(Step s) {
        return s.threadsPending() && s.spoken() >= beatTarget + ThreadCloser.EXTENSION;
    }

    List<String> openThreads() {
        return List.copyOf(openThreads);
    }

    List<String> beatsPlayed() {
        return List.copyOf(beatsPlayed);
    }

    /** How an arc that has no more beats to play ends: complete only with every thread closed. */
    Termination ending() {
        return openThreads.isEmpty() ? Termination.ARC_COMPLETE : Termination.ARC_UNRESOLVED;
    }
}
