package org.telenovela.scene;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import org.telenovela.corpus.Screenplay;
import org.telenovela.corpus.TrainingText;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.SamplingSettings;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A character on stage: owns its LSTM, listens to every accepted line it is present for, and, when asked,
 * offers candidate lines sampled from what it has heard without disturbing that memory.
 *
 * <p>Listening is lazy: heard lines are queued as text and the LSTM reads them in one call when the character
 * is next asked to speak. The model is loaded once, outside the supervisor's restart scope. A (re)started
 * character asks the director what it has heard ({@link Director.Recall}) and holds every other message until
 * the answer ({@link Recalled}) comes: the scene log belongs to the director alone, and a restart rebuilds the
 * hidden state from what the director says, so nothing accepted is lost.
 */
public final class CharacterActor extends AbstractBehavior<CharacterActor.Command> {

    public sealed interface Command {
    }

    /** An accepted line, heard by everyone on stage. */
    public record Hear(SceneLog.Entry entry) implements Command {
    }

    /**
     * Offer candidates for the next line of {@code beat}; the seed fixes this turn's randomness. Each candidate
     * is also scored under the {@code contrast} beats' codes, so the director can tell how much the line
     * belongs to this beat rather than to the others.
     */
    public record Speak(String beat, SamplingSettings sampling, long seed, List<String> contrast,
                        ActorRef<SpeakReply> replyTo) implements Command {
    }

    /** Amnesia: lose everything heard so far. */
    public enum Forget implements Command { INSTANCE }

    /** Memory returns: listen again to what the director says was heard. */
    public record Remember(SceneLog.Heard heard) implements Command {
    }

    /** The director's answer to {@link Director.Recall}: what this character has heard and still remembers. */
    public record Recalled(SceneLog.Heard heard) implements Command {
    }

    /** The reply to {@link Speak}. */
    public sealed interface SpeakReply {
    }

    /**
     * The candidate lines in sampling order; for each, the mean natural log-probability it has under the
     * contrast beats' codes (empty when no contrast was asked for), and the share of its words the character's
     * model never saw in training ({@link CharacterModel#unknownWordShare}). Immutable, as every message.
     */
    public record Candidates(String character, List<CharacterModel.SampledLine> lines, List<Double> contrastLogProb,
                             List<Double> unknownWordShare) implements SpeakReply {
        public Candidates {
            lines = List.copyOf(lines);
            contrastLogProb = List.copyOf(contrastLogProb);
            unknownWordShare = List.copyOf(unknownWordShare);
        }
    }

    /**
     * Sent just before the actor fails, so the director can retry at once instead of waiting for its timeout;
     * the failure itself still goes to the supervisor, which restarts the actor.
     */
    public record CouldNotSpeak(String character, String reason) implements SpeakReply {
    }

    private final String id;
    private final String cue;
    private final CharacterModel model;
    private final FaultInjection faults;
    private final boolean beatCodes;
    private final StringBuilder pending = new StringBuilder();
    /** Log entries before this index are in what the character heard already (see {@link #relisten()}). */
    private int heardThrough;

    /**
     * @param beatCodes false for the ablation: every line heard and prompted carries the no-beat code instead of
     *                  its beat's, so the model gets no beat conditioning at all
     */
    public static Behavior<Command> create(String id, String cue, CharacterModel model, ActorRef<Director.Command> director,
                                           FaultInjection faults, boolean beatCodes) {
        return Behaviors.supervise(Behaviors.<Command>withStash(10_000, held -> Behaviors.setup(ctx -> {
                    // (re)start: whatever the LSTM held is gone or suspect; rebuild it from what the director says
                    director.tell(new Director.Recall(id, ctx.getSelf()));
                    return Behaviors.receive(Command.class)
                            .onMessage(Recalled.class, r -> held.unstashAll(
                                    new CharacterActor(ctx, id, cue, model, faults, beatCodes, r.heard())))
                            .onAnyMessage(m -> {
                                held.stash(m);
                                return Behaviors.same();
                            })
                            .build();
                })))
                .onFailure(SupervisorStrategy.restart().withLimit(10, Duration.ofMinutes(1)).withLoggingEnabled(false));
    }

    private CharacterActor(ActorContext<Command> ctx, String id, String cue, CharacterModel model, FaultInjection faults,
                           boolean beatCodes, SceneLog.Heard heard) {
        super(ctx);
        this.id = id;
        this.cue = cue;
        this.model = model;
        this.faults = faults;
        this.beatCodes = beatCodes;
        model.clearState();
        relisten(heard);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Hear.class, this::onHear)
                .onMessage(Speak.class, this::onSpeak)
                .onMessageEquals(Forget.INSTANCE, this::onForget)
                .onMessage(Remember.class, this::onRemember)
                .onMessage(Recalled.class, r -> this) // a second answer (after a quick restart): the first was used
                .build();
    }

    private Behavior<Command> onHear(Hear hear) {
        SceneLog.Entry e = hear.entry();
        if (e.turn() < heardThrough) {
            return this; // already heard when the memory was rebuilt from the log
        }
        pending.append(TrainingText.line(code(e.beat()), e.cue(), e.text()));
        return this;
    }

    private Behavior<Command> onSpeak(Speak speak) {
        try {
            faults.maybeFail(id, speak.seed());
            if (pending.length() > 0) {
                model.listen(pending.toString());
                pending.setLength(0);
            }
            List<CharacterModel.SampledLine> lines = model.sample(TrainingText.prefix(code(speak.beat()), cue), speak.sampling(),
                    new SplittableRandom(speak.seed()));
            List<Double> unknown = lines.stream().map(l -> model.unknownWordShare(l.text())).toList();
            speak.replyTo().tell(new Candidates(id, lines, contrast(lines, speak.contrast()), unknown));
            return this;
        } catch (RuntimeException e) {
            speak.replyTo().tell(new CouldNotSpeak(id, String.valueOf(e.getMessage())));
            throw e;
        }
    }

    /** Mean log-probability of each line over the given beats' codes, all lines scored as one minibatch per beat. */
    private List<Double> contrast(List<CharacterModel.SampledLine> lines, List<String> beats) {
        if (beats.isEmpty()) {
            return List.of();
        }
        List<String> texts = lines.stream().map(CharacterModel.SampledLine::text).toList();
        double[] mean = new double[lines.size()];
        for (String beat : beats) {
            double[] lp = model.logProbOf(TrainingText.prefix(code(beat), cue), texts);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += lp[i] / beats.size();
            }
        }
        return java.util.Arrays.stream(mean).boxed().toList();
    }

    private String code(String beat) {
        return beatCodes ? beat : Screenplay.NO_BEAT;
    }

    private Behavior<Command> onForget() {
        model.clearState();
        pending.setLength(0);
        return this;
    }

    private Behavior<Command> onRemember(Remember remember) {
        model.clearState();
        relisten(remember.heard());
        return this;
    }

    /**
     * Queues everything in {@code heard}; the {@link Hear} messages of those lines may still be on their way, and
     * are skipped when they come, so what the character hears does not depend on timing.
     */
    private void relisten(SceneLog.Heard heard) {
        pending.setLength(0);
        heardThrough = heard.logSize();
        for (SceneLog.Entry e : heard.entries()) {
            pending.append(TrainingText.line(code(e.beat()), e.cue(), e.text()));
        }
    }
}
