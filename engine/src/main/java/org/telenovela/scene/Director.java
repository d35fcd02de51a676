package org.telenovela.scene;

import org.telenovela.corpus.Words;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.SamplingSettings;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.plot.PlotTemplate.Beat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Walks the plot's beats in order. For each turn it picks a speaker, asks that character for candidates,
 * chooses one, appends it to the {@link SceneLog}, and has everyone on stage hear it. The scene ends when the
 * last beat is done ({@code ARC_COMPLETE} if every thread is closed), or earlier when the line budget runs out
 * or the cast stops answering.
 */
public final class Director extends AbstractBehavior<Director.Command> {

    public sealed interface Command {
    }

    private record GotCandidates(int turn, int attempt, String role, CharacterActor.Candidates candidates) implements Command {
    }

    private record SpeakFailed(int turn, int attempt, String role, boolean timedOut, String why) implements Command {
    }

    /** A character ready to go on stage: its model already loaded. */
    public record Performer(String id, String role, String cue, String displayName, CharacterModel model,
                            SamplingSettings sampling) {
    }


    /** Start the scene; when it ends, its result goes to {@code replyTo}. Nothing happens before this message. */
    public record Begin(ActorRef<SceneResult> replyTo) implements Command {
    }

    /** A character (re)starting asks what it has heard; the answer is {@link CharacterActor.Recalled}. */
    public record Recall(String character, ActorRef<CharacterActor.Command> replyTo) implements Command {
    }

    /** Step-through: take up to {@code lines} more turns. */
    public record Advance(int lines) implements Command {
    }

    /** Stop the scene where it is (its characters stop with it). */
    public enum Stop implements Command { INSTANCE }

    /** Step-through: stop after the line in progress (Ctrl-C during {@code next n}). */
    public enum Hold implements Command { INSTANCE }

    /** Step-through: the next line is spoken by this role. */
    public record ForceSpeaker(String role) implements Command {
    }

    /** Step-through: a person speaks as this role; everyone on stage hears it. Taken while the director waits. */
    public record Say(String role, String text) implements Command {
    }

    /** Step-through: leave the current beat for the next one (its unclosed threads stay open). */
    public enum SkipBeat implements Command { INSTANCE }

    /** Step-through: draw the next turn with another seed (re-rolling a line), {@code salt} 0 being the normal one. */
    public record Reroll(int salt) implements Command {
    }

    /** Step-through: sample at this temperature from now on (null: the beat's own again). */
    public record SetTemperature(Double temperature) implements Command {
    }

    /** Follows the scene as it unfolds (called on the director's thread, in order). */
    public interface Observer {
        default void beatStarted(int index, Beat beat) {
        }

        default void lineAccepted(SceneLog.Entry entry) {
        }

        default void sceneEnded(SceneResult result) {
        }
    }

    private static final int LOOP_RESAMPLES = 2;

    private final PlotTemplate plot;
    private final SceneSettings settings;
    private final Observer observer;
    /** Where the result goes: set by {@link Begin}. */
    private ActorRef<SceneResult> replyTo;
    private final CompletableFuture<Void> stopped;
    private final Map<String, Performer> byRole = new LinkedHashMap<>();
    private final Map<String, ActorRef<CharacterActor.Command>> actors = new LinkedHashMap<>();
    private final SceneLog log = new SceneLog();
    private final SpeakerPolicy policy;
    private final Set<String> alreadySaid = new HashSet<>();
    private final Arc arc;
    private final StepControls controls = new StepControls();
    private final Set<String> failedThisTurn = new HashSet<>();
    private int failures;
    private boolean ended;

    /**
     * A director that starts the scene on {@link Begin} and answers its result there.
     *
     * @param stopped completed once the director and its characters have stopped (after the scene, or after
     *                {@link Stop}), so that their models can be used again; null: nobody waits for it
     */
    public static Behavior<Command> create(PlotTemplate plot, List<Performer> cast, SceneSettings settings, Observer observer,
                                           CompletableFuture<Void> stopped) {
        return Behaviors.setup(ctx -> new Director(ctx, plot, cast, settings, observer, stopped));
    }

    private Director(ActorContext<Command> ctx, PlotTemplate plot, List<Performer> cast, SceneSettings settings,
                     Observer observer, CompletableFuture<Void> stopped) {
        super(ctx);
        this.stopped = stopped;
        this.plot = plot;
        this.settings = settings;
        this.observer = observer;
        this.arc = new Arc(plot, settings.seed());
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (Performer p : cast) {
            byRole.put(p.role(), p);
            actors.put(p.role(), ctx.spawn(CharacterActor.create(p.id(), p.cue(), p.model(), ctx.getSelf(), settings.faults(),
                            settings.steering().beatCodes()),
                    "character-" + p.id(), DispatcherSelector.fromConfig("telenovela.character-dispatcher")));
            names.put(p.role(), SpeakerPolicy.addressNames(p.displayName(), p.cue()));
        }
        this.policy = new SpeakerPolicy(settings.policy(), names);
    }

    private Behavior<Command> onBegin(Begin begin) {
        if (replyTo == null) {
            replyTo = begin.replyTo();
            startBeat(0);
        }
        return next();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Begin.class, this::onBegin)
                .onMessage(Recall.class, r -> {
                    r.replyTo().tell(new CharacterActor.Recalled(log.heard(r.character())));
                    return this;
                })
                .onMessage(GotCandidates.class, this::onCandidates)
                .onMessage(SpeakFailed.class, this::onSpeakFailed)
                .onMessage(Advance.class, this::onAdvance)
                .onMessageEquals(Hold.INSTANCE, () -> {
                    controls.hold();
                    return this;
                })
                .onMessage(ForceSpeaker.class, f -> {
                    controls.force(byRole.containsKey(f.role()) ? f.role() : null);
                    return this;
                })
                .onMessage(Say.class, this::onSay)
                .onMessageEquals(SkipBeat.INSTANCE, this::onSkipBeat)
                .onMessage(Reroll.class, r -> {
                    controls.reroll(r.salt());
                    return this;
                })
                .onMessage(SetTemperature.class, t -> {
                    controls.temperature(t.temperature());
                    return this;
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> {
                    if (stopped != null) {
                        stopped.complete(null); // children stop before their parent's PostStop
                    }
                    return this;
                })
                .build();
    }

    private Beat beat() {
        return arc.beat();
    }

    private void startBeat(int index) {
        arc.startBeat(index);
        Beat b = beat();
        for (String role : b.forget()) {
            log.markForgotten(byRole.get(role).id());
            actors.get(role).tell(CharacterActor.Forget.INSTANCE);
        }
        for (String role : b.remember()) {
            String id = byRole.get(role).id();
            log.markRemembered(id);
            actors.get(role).tell(new CharacterActor.Remember(log.heard(id)));
        }
        observer.beatStarted(index, b);
        failures = 0;
        failedThisTurn.clear();
        nextTurn(null);
    }

    /** A new turn: taken now, or (stepped) when the person allows it. */
    private void nextTurn(String speaker) {
        if (settings.stepped() && !controls.takeTurn(speaker)) {
            return; // waits for the person's Advance
        }
        String forced = controls.takeForced();
        ask(speaker != null ? speaker : forced != null ? forced : chooseSpeaker(), 0);
    }

    private Behavior<Command> onAdvance(Advance a) {
        controls.allow(a.lines());
        if (controls.canResume()) {
            nextTurn(controls.pendingSpeaker());
        }
        return next();
    }

    private Behavior<Command> onSay(Say say) {
        if (!controls.waiting() || !byRole.containsKey(say.role()) || !beat().roles().contains(say.role())) {
            return this; // only between turns, and only for someone on stage
        }
        controls.stopWaiting();
        accept(say.role(), List.of(new SceneLog.Candidate(say.text(), 0, 0, false)), -1);
        return next();
    }

    private Behavior<Command> onSkipBeat() {
        if (!controls.waiting()) {
            return this;
        }
        controls.stopWaiting();
        if (!arc.isLastBeat()) {
            startBeat(arc.beatIndex() + 1);
        } else {
            end(arc.ending(), "the last beat was skipped");
        }
        return next();
    }

    private int turn() {
        return log.size();
    }

    private String chooseSpeaker() {
        Beat b = beat();
        if (arc.beatSoFar().isEmpty() && b.introducedByNarrator() && byRole.containsKey(plot.narrator())) {
            return plot.narrator();
        }
        List<String> stage = new ArrayList<>();
        for (String role : b.roles()) {
            if (!role.equals(plot.narrator()) && !failedThisTurn.contains(role)) {
                stage.add(role);
            }
        }
        if (stage.isEmpty()) {
            stage.addAll(b.roles());
            stage.removeAll(failedThisTurn);
        }
        if (stage.isEmpty()) {
            return null;
        }
        SplittableRandom r = new SplittableRandom(Seeds.derive(settings.seed(), Seeds.SPEAKER, turn()));
        return policy.next(stage, Map.of(), arc.beatSoFar(), r).role();
    }

    private void ask(String role, int attempt) {
        if (role == null) {
            end(Termination.CAST_UNAVAILABLE, "nobody on stage in beat '" + beat().id() + "' could answer");
            return;
        }
        Performer p = byRole.get(role);
        Beat b = beat();
        Double t = controls.temperature() != null ? controls.temperature() : b.temperature();
        SamplingSettings s = t == null ? p.sampling() : p.sampling().withTemperature(t);
        long seed = Seeds.derive(settings.seed(), Seeds.SAMPLING + 1000L * controls.salt(), turn() * 16L + attempt);
        int turn = turn();
        List<String> contrast = contrastBeats(turn);
        getContext().ask(CharacterActor.SpeakReply.class, actors.get(role), settings.askTimeout(),
                replyTo -> new CharacterActor.Speak(b.id(), s, seed, contrast, replyTo),
                (reply, failure) -> {
                    if (reply instanceof CharacterActor.Candidates c) {
                        return new GotCandidates(turn, attempt, role, c);
                    }
                    if (reply instanceof CharacterActor.CouldNotSpeak c) {
                        return new SpeakFailed(turn, attempt, role, false, c.reason());
                    }
                    return new SpeakFailed(turn, attempt, role, failure instanceof TimeoutException, String.valueOf(failure));
                });
    }

    /** The other beats this turn's candidates are contrasted with: a rotation through the plot, fixed by the turn. */
    private List<String> contrastBeats(int turn) {
        Steering st = settings.steering();
        if (!st.beatCodes() || st.contrastBeats() == 0) {
            return List.of();
        }
        List<String> others = new ArrayList<>();
        for (Beat o : plot.beats()) {
            if (!o.id().equals(beat().id())) {
                others.add(o.id());
            }
        }
        List<String> picked = new ArrayList<>();
        for (int k = 0; k < Math.min(st.contrastBeats(), others.size()); k++) {
            picked.add(others.get((turn + k) % others.size()));
        }
        return List.copyOf(picked);
    }

    private Behavior<Command> onCandidates(GotCandidates got) {
        if (got.turn() != turn()) {
            return this; // a late reply to a turn already settled
        }
        CandidateScorer.Ranked ranked = CandidateScorer.rank(got.candidates().lines(), got.candidates().contrastLogProb(),
                got.candidates().unknownWordShare(), alreadySaid, beat().cues(), settings.steering());
        if (ranked.allRepeats() && got.attempt() < LOOP_RESAMPLES) {
            ask(got.role(), got.attempt() + 1); // a loop: sample again with the next seed
            return this;
        }
        accept(got.role(), ranked.scored(), ranked.best());
        return next();
    }

    private void accept(String role, List<SceneLog.Candidate> candidates, int chosen) {
        Beat b = beat();
        Performer p = byRole.get(role);
        SceneLog.Candidate c = c(candidates, chosen);
        Arc.Step step = arc.accept(role, c.text());
        Set<String> audience = new LinkedHashSet<>();
        for (String r : b.roles()) {
            audience.add(byRole.get(r).id());
        }
        SceneLog.Entry entry = new SceneLog.Entry(turn(), b.id(), p.id(), p.cue(), c.text(), c.logProb(),
                List.copyOf(candidates), chosen, step.events(), audience);
        log.append(entry);
        alreadySaid.add(Words.normalise(c.text()));
        observer.lineAccepted(entry);
        for (String r : b.roles()) {
            actors.get(r).tell(new CharacterActor.Hear(entry));
        }
        failures = 0;
        failedThisTurn.clear();
        controls.reroll(0);
        if (log.size() >= settings.maxLines() && !(step.lastOfBeat() && arc.isLastBeat())) {
            end(Termination.LINE_BUDGET, "line budget of " + settings.maxLines() + " reached in beat '" + b.id() + "'");
        } else if (step.lastOfBeat()) {
            if (!arc.isLastBeat()) {
                startBeat(arc.beatIndex() + 1);
            } else {
                end(arc.ending(), arc.ending() == Termination.ARC_COMPLETE ? "every beat played and every thread closed"
                        : "the arc ended with threads open");
            }
        } else if (arc.overdue(step) && byRole.containsKey(plot.narrator())) {
            arc.narratorWillClose(); // the beat ran long without resolving its threads: the narrator ties them up
            nextTurn(plot.narrator());
        } else if (arc.overdue(step)) {
            arc.narratorWillClose(); // no narrator in this plot: the next line closes them
            nextTurn(null);
        } else {
            nextTurn(null);
        }
    }

    /** The accepted candidate; a line a person typed comes as the only candidate, with index -1. */
    private static SceneLog.Candidate c(List<SceneLog.Candidate> candidates, int chosen) {
        return candidates.get(Math.max(0, chosen));
    }

    private Behavior<Command> onSpeakFailed(SpeakFailed f) {
        if (f.turn() != turn()) {
            return this;
        }
        failures++;
        getContext().getLog().warn("{} did not answer turn {} ({}); {}", f.role(), f.turn(), f.why(),
                failures == 1 ? "asking again" : "asking someone else");
        if (failures == 1) {
            ask(f.role(), f.attempt()); // same seed: the retry gives the line the first try would have
        } else if (failures <= 2 * byRole.size()) {
            failedThisTurn.add(f.role());
            ask(chooseSpeaker(), f.attempt());
        } else {
            end(f.timedOut() ? Termination.TIMEOUT : Termination.CAST_UNAVAILABLE, "the cast stopped answering in beat '" + beat().id() + "'");
        }
        return next();
    }

    private void end(Termination termination, String detail) {
        List<String> open = arc.openThreads();
        String why = open.isEmpty() ? detail : detail + "; open threads: " + String.join(", ", open);
        SceneResult result = new SceneResult(termination, why, log.entries(), open, arc.beatsPlayed());
        observer.sceneEnded(result);
        replyTo.tell(result);
        ended = true;
    }

    /** Stopping the director stops its children, the characters. */
    private Behavior<Command> next() {
        return ended ? Behaviors.stopped() : this;
    }
}
