package org.telenovela.scene;

import org.telenovela.corpus.Words;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.SamplingSettings;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.plot.PlotTemplate.Beat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /**
     * How the director works this scene.
     *
     * @param stepped when true, a person drives the scene: a turn is only taken after an {@link Advance}
     */
    public record Settings(long seed, int maxLines, SpeakerPolicy.Mode policy, Duration askTimeout, FaultInjection faults,
                           boolean stepped, Steering steering) {
        public Settings(long seed, int maxLines, SpeakerPolicy.Mode policy, Duration askTimeout, FaultInjection faults) {
            this(seed, maxLines, policy, askTimeout, faults, false, Steering.DEFAULT);
        }
    }

    /**
     * How the director steers lines toward the current beat.
     *
     * @param beatCodes      prompt (and let characters hear) each line with its beat's control code; off, every
     *                       line carries the no-beat code: the ablation that shows what beat conditioning is worth
     * @param contrastBeats  how many other beats each candidate is also scored under (0: none)
     * @param contrastWeight weight of the contrast, per character: log P(line | this beat) - log P(line | others)
     * @param cueBonus       bonus per cue word of the beat a line uses
     * @param unknownWordPenalty penalty times the share of a line's words that the speaker's model never saw in
     *                       training (made-up words); a share, not a count, so short lines gain nothing by it.
     *                       Not about beats, so the ablation keeps it
     */
    public record Steering(boolean beatCodes, int contrastBeats, double contrastWeight, double cueBonus,
                           double unknownWordPenalty) {
        public static final Steering DEFAULT = new Steering(true, 0, 30, 0.3, 10); // as reference.conf

        public Steering {
            if (contrastBeats < 0 || contrastBeats > 16 || !(contrastWeight >= 0 && contrastWeight <= 100)
                    || !(cueBonus >= 0 && cueBonus <= 100) || !(unknownWordPenalty >= 0 && unknownWordPenalty <= 100)) {
                throw new IllegalArgumentException("steering out of range: contrast-beats 0..16, contrast-weight, cue-bonus"
                        + " and unknown-word-penalty 0..100");
            }
        }

        /** The same choice of lines without any beat conditioning: the ablation. */
        public Steering withoutBeatConditioning() {
            return new Steering(false, 0, 0, 0, unknownWordPenalty);
        }
    }

    /** Step-through: take up to {@code lines} more turns. */
    public record Advance(int lines) implements Command {
    }

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
    private final Settings settings;
    private final Observer observer;
    private final CompletableFuture<SceneResult> done;
    private final Map<String, Performer> byRole = new LinkedHashMap<>();
    private final Map<String, ActorRef<CharacterActor.Command>> actors = new LinkedHashMap<>();
    private final SceneLog log = new SceneLog();
    private final SpeakerPolicy policy;
    private final Set<String> alreadySaid = new HashSet<>();
    private final Set<String> openThreads = new LinkedHashSet<>();
    private final Set<String> closedThreads = new LinkedHashSet<>();
    private final List<String> beatsPlayed = new ArrayList<>();

    private int beatIndex = -1;
    private int beatTarget;
    private final List<SpeakerPolicy.Spoken> beatSoFar = new ArrayList<>();
    private final Set<String> failedThisTurn = new HashSet<>();
    private int failures;
    private boolean ended;
    private boolean narratorClosing;
    private int allowance;          // stepped mode: turns the person has allowed
    private boolean waiting;        // stepped mode: a turn is due and waits for an Advance
    private String pendingSpeaker;  // stepped mode: who that waiting turn belongs to, if already decided
    private String forcedSpeaker;
    private Double temperatureOverride;
    private int salt; // stepped mode: a re-rolled turn draws from another seed

    public static Behavior<Command> create(PlotTemplate plot, List<Performer> cast, Settings settings, Observer observer,
                                           CompletableFuture<SceneResult> done) {
        return Behaviors.setup(ctx -> new Director(ctx, plot, cast, settings, observer, done));
    }

    private Director(ActorContext<Command> ctx, PlotTemplate plot, List<Performer> cast, Settings settings,
                     Observer observer, CompletableFuture<SceneResult> done) {
        super(ctx);
        this.plot = plot;
        this.settings = settings;
        this.observer = observer;
        this.done = done;
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (Performer p : cast) {
            byRole.put(p.role(), p);
            actors.put(p.role(), ctx.spawn(CharacterActor.create(p.id(), p.cue(), p.model(), log, settings.faults(),
                            settings.steering().beatCodes()),
                    "character-" + p.id(), DispatcherSelector.fromConfig("telenovela.character-dispatcher")));
            names.put(p.role(), addressNames(p));
        }
        this.policy = new SpeakerPolicy(settings.policy(), names);
        startBeat(0);
    }

    /** The words that address a character: its first name, its cue, its cue's last word. */
    private static List<String> addressNames(Performer p) {
        Set<String> n = new LinkedHashSet<>();
        n.add(p.displayName().split(" ")[0].toLowerCase(Locale.ROOT));
        n.add(p.cue().toLowerCase(Locale.ROOT));
        String[] words = p.cue().toLowerCase(Locale.ROOT).split(" ");
        n.add(words[words.length - 1]);
        n.removeIf(s -> s.length() < 3);
        return List.copyOf(n);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(GotCandidates.class, this::onCandidates)
                .onMessage(SpeakFailed.class, this::onSpeakFailed)
                .onMessage(Advance.class, this::onAdvance)
                .onMessageEquals(Hold.INSTANCE, () -> {
                    allowance = 0;
                    return this;
                })
                .onMessage(ForceSpeaker.class, f -> {
                    forcedSpeaker = byRole.containsKey(f.role()) ? f.role() : null;
                    return this;
                })
                .onMessage(Say.class, this::onSay)
                .onMessageEquals(SkipBeat.INSTANCE, this::onSkipBeat)
                .onMessage(Reroll.class, r -> {
                    salt = r.salt();
                    return this;
                })
                .onMessage(SetTemperature.class, t -> {
                    temperatureOverride = t.temperature();
                    return this;
                })
                .build();
    }

    private Beat beat() {
        return plot.beats().get(beatIndex);
    }

    private void startBeat(int index) {
        beatIndex = index;
        Beat b = beat();
        beatsPlayed.add(b.id());
        beatSoFar.clear();
        for (String role : b.forget()) {
            log.markForgotten(byRole.get(role).id());
            actors.get(role).tell(CharacterActor.Forget.INSTANCE);
        }
        for (String role : b.remember()) {
            log.markRemembered(byRole.get(role).id());
            actors.get(role).tell(CharacterActor.Remember.INSTANCE);
        }
        SplittableRandom r = new SplittableRandom(Seeds.derive(settings.seed(), Seeds.BEAT_LENGTH, index));
        beatTarget = b.minLines() + r.nextInt(b.maxLines() - b.minLines() + 1);
        observer.beatStarted(index, b);
        failures = 0;
        failedThisTurn.clear();
        nextTurn(null);
    }

    /** A new turn: taken now, or (stepped) when the person allows it. */
    private void nextTurn(String speaker) {
        if (settings.stepped() && allowance == 0) {
            waiting = true;
            pendingSpeaker = speaker;
            return;
        }
        waiting = false;
        if (settings.stepped()) {
            allowance--;
        }
        String who = speaker != null ? speaker : forcedSpeaker != null ? forcedSpeaker : chooseSpeaker();
        forcedSpeaker = null;
        ask(who, 0);
    }

    private Behavior<Command> onAdvance(Advance a) {
        allowance += Math.max(0, a.lines());
        if (waiting && allowance > 0) {
            nextTurn(pendingSpeaker);
        }
        return next();
    }

    private Behavior<Command> onSay(Say say) {
        if (!waiting || !byRole.containsKey(say.role()) || !beat().roles().contains(say.role())) {
            return this; // only between turns, and only for someone on stage
        }
        waiting = false;
        accept(say.role(), List.of(new SceneLog.Candidate(say.text(), 0, 0, false)), -1);
        return next();
    }

    private Behavior<Command> onSkipBeat() {
        if (!waiting) {
            return this;
        }
        waiting = false;
        if (beatIndex + 1 < plot.beats().size()) {
            startBeat(beatIndex + 1);
        } else {
            end(openThreads.isEmpty() ? Termination.ARC_COMPLETE : Termination.LINE_BUDGET, "the last beat was skipped");
        }
        return next();
    }

    private int turn() {
        return log.size();
    }

    private String chooseSpeaker() {
        Beat b = beat();
        if (beatSoFar.isEmpty() && b.introducedByNarrator() && byRole.containsKey(plot.narrator())) {
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
        return policy.next(stage, Map.of(), beatSoFar, r).role();
    }

    private void ask(String role, int attempt) {
        if (role == null) {
            end(Termination.CAST_UNAVAILABLE, "nobody on stage in beat '" + beat().id() + "' could answer");
            return;
        }
        Performer p = byRole.get(role);
        Beat b = beat();
        Double t = temperatureOverride != null ? temperatureOverride : b.temperature();
        SamplingSettings s = t == null ? p.sampling() : p.sampling().withTemperature(t);
        long seed = Seeds.derive(settings.seed(), Seeds.SAMPLING + 1000L * salt, turn() * 16L + attempt);
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
        Beat b = beat();
        List<CharacterModel.SampledLine> lines = got.candidates().lines();
        double[] contrast = got.candidates().contrastLogProb();
        double[] unknown = got.candidates().unknownWordShare();
        Steering st = settings.steering();
        List<SceneLog.Candidate> scored = new ArrayList<>();
        int best = 0;
        boolean allRepeats = true;
        for (int i = 0; i < lines.size(); i++) {
            CharacterModel.SampledLine l = lines.get(i);
            double beatContrast = contrast == null ? 0 : (l.logProb() - contrast[i]) / (l.text().length() + 1);
            double score = CandidateScorer.score(l, alreadySaid, b.cues(), st.cueBonus())
                    + st.contrastWeight() * beatContrast - st.unknownWordPenalty() * unknown[i];
            scored.add(new SceneLog.Candidate(l.text(), l.logProb(), score, l.truncated()));
            if (score > scored.get(best).score()) {
                best = i;
            }
            allRepeats &= alreadySaid.contains(Words.normalise(l.text()));
        }
        if (allRepeats && got.attempt() < LOOP_RESAMPLES) {
            ask(got.role(), got.attempt() + 1); // a loop: sample again with the next seed
            return this;
        }
        accept(got.role(), scored, best);
        return next();
    }

    private void accept(String role, List<SceneLog.Candidate> candidates, int chosen) {
        Beat b = beat();
        Performer p = byRole.get(role);
        List<String> events = new ArrayList<>();
        if (beatSoFar.isEmpty()) {
            for (String t : b.opens()) {
                openThreads.add(t);
                events.add("opens:" + t);
            }
        }
        // a thread closes through a line that does the closing beat's work (uses one of its cue words), or
        // through the narrator once the beat has run past its extension
        if (narratorClosing || ThreadCloser.doesTheWork(c(candidates, chosen).text(), b.cues())) {
            for (String t : b.closes()) {
                if (openThreads.remove(t)) {
                    closedThreads.add(t);
                    events.add("closes:" + t + (narratorClosing ? " (narrator)" : ""));
                }
            }
        }
        narratorClosing = false;
        boolean pending = b.closes().stream().anyMatch(openThreads::contains);
        int spoken = beatSoFar.size() + 1;
        boolean lastOfBeat = spoken >= beatTarget && !pending;
        Set<String> audience = new LinkedHashSet<>();
        for (String r : b.roles()) {
            audience.add(byRole.get(r).id());
        }
        SceneLog.Candidate c = c(candidates, chosen);
        SceneLog.Entry entry = new SceneLog.Entry(turn(), b.id(), p.id(), p.cue(), c.text(), c.logProb(),
                List.copyOf(candidates), chosen, List.copyOf(events), audience);
        log.append(entry);
        alreadySaid.add(Words.normalise(c.text()));
        beatSoFar.add(new SpeakerPolicy.Spoken(role, c.text()));
        observer.lineAccepted(entry);
        for (String r : b.roles()) {
            actors.get(r).tell(new CharacterActor.Hear(entry));
        }
        failures = 0;
        failedThisTurn.clear();
        salt = 0;
        if (log.size() >= settings.maxLines() && !(lastOfBeat && beatIndex == plot.beats().size() - 1)) {
            end(Termination.LINE_BUDGET, "line budget of " + settings.maxLines() + " reached in beat '" + b.id() + "'");
        } else if (lastOfBeat) {
            if (beatIndex + 1 < plot.beats().size()) {
                startBeat(beatIndex + 1);
            } else {
                end(openThreads.isEmpty() ? Termination.ARC_COMPLETE : Termination.LINE_BUDGET,
                        openThreads.isEmpty() ? "every beat played and every thread closed" : "the arc ended with threads open");
            }
        } else if (pending && spoken >= beatTarget + ThreadCloser.EXTENSION && byRole.containsKey(plot.narrator())) {
            narratorClosing = true; // the beat ran long without resolving its threads: the narrator ties them up
            nextTurn(plot.narrator());
        } else if (pending && spoken >= beatTarget + ThreadCloser.EXTENSION) {
            narratorClosing = true; // no narrator in this plot: the next line closes them
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
        String why = openThreads.isEmpty() ? detail : detail + "; open threads: " + String.join(", ", openThreads);
        SceneResult result = new SceneResult(termination, why, log.entries(), List.copyOf(openThreads), List.copyOf(beatsPlayed));
        observer.sceneEnded(result);
        done.complete(result);
        ended = true;
    }

    /** Stopping the director stops its children, the characters. */
    private Behavior<Command> next() {
        return ended ? Behaviors.stopped() : this;
    }
}
