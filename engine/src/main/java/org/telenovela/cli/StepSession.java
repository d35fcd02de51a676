package org.telenovela.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.telenovela.cast.Cast;
import org.telenovela.output.FountainWriter;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SceneLog;
import org.telenovela.scene.SceneResult;
import org.telenovela.scene.SpeakerPolicy;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The step-through REPL: a JLine loop over a stepped director. Enter (or {@code next [n]}) advances, and the
 * person can force the next speaker, speak as a character, move to the next beat, change the temperature,
 * re-roll or undo the last line, save and load the session, and look at the scene so far. Ctrl-C keeps the session; Ctrl-D quits. The terminal is injected, so tests drive it
 * with scripted input through a dumb terminal.
 */
final class StepSession {
    static final List<String> COMMANDS = List.of("next", "who", "say", "beat", "temp", "reroll", "undo", "save", "load",
            "show", "help", "quit");
    private static final String HELP = """
            Enter or next [n]   advance one line (or n)
            who NAME            NAME speaks next
            say NAME: text      speak as NAME; everyone on stage hears it
            beat                show the beat; 'beat next' moves on to the next one
            temp X              sample at temperature X from now on ('temp beat' goes back to the beat's own)
            reroll              sample the last line again (same speaker, another draw)
            undo                take the last line back
            save FILE           save the session; 'load FILE' resumes it exactly where it was
            show                the scene so far
            help                this list
            quit                leave (Ctrl-D too)""";

    private final Production production;
    private final Cast cast;
    private final Terminal terminal;
    private final long seed;
    /** What the director reports, in order, to the REPL's thread. */
    private sealed interface Event {
    }

    private record BeatStarted(int index, PlotTemplate.Beat beat) implements Event {
    }

    private record LineAccepted(SceneLog.Entry entry) implements Event {
    }

    private record Ended(SceneResult result) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<SceneLog.Entry> lines = new ArrayList<>();
    private final Set<String> open = new LinkedHashSet<>();
    private PlotTemplate.Beat beat;
    private int beatIndex;
    private SceneResult result;

    StepSession(Production production, Cast cast, Terminal terminal, long seed) {
        this.production = production;
        this.cast = cast;
        this.terminal = terminal;
        this.seed = seed;
    }

    /** Runs until the scene ends, quit, or end of input; returns the scene's lines. */
    List<SceneLog.Entry> run() {
        out = terminal.writer();
        List<String> words = new ArrayList<>(COMMANDS);
        cast.members().forEach(m -> words.add(m.id()));
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).completer(new StringsCompleter(words)).build();
        fountain = new FountainWriter(out);
        // Ctrl-C outside the prompt stops 'next n' after the line in progress; at the prompt JLine handles it
        terminal.handle(Terminal.Signal.INT, signal -> interrupted = true);
        try {
            fountain.titlePage(cast.title(), cast.plot().title(), seed);
            restart(true);
            out.println("Type 'help' for commands. Enter advances one line.");
            while (result == null) {
                out.println(status());
                out.flush();
                String line;
                try {
                    line = reader.readLine("step> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: the session stays
                } catch (EndOfFileException e) {
                    break;
                }
                String[] w = line.strip().split("\\s+", 2);
                String arg = w.length > 1 ? w[1].strip() : "";
                switch (w[0].toLowerCase(Locale.ROOT)) {
                    case "", "next" -> {
                        int n = arg.isEmpty() ? 1 : parseCount(arg, out);
                        interrupted = false;
                        for (int i = 0; i < n && result == null && !interrupted; i++) {
                            perform(new SceneStep.Next(), true);
                        }
                        if (interrupted) {
                            out.println("(stopped)");
                        }
                    }
                    case "who" -> member(arg).ifPresentOrElse(m -> {
                        if (beat.roles().contains(m.role())) {
                            perform(new SceneStep.Who(m.id()), true);
                            out.println(m.cue() + " speaks next.");
                        } else {
                            out.println(m.cue() + " is not on stage in '" + beat.id() + "'.");
                        }
                    }, () -> out.println("who? " + names()));
                    case "say" -> {
                        int colon = arg.indexOf(':');
                        Optional<Cast.Member> m = colon < 0 ? Optional.empty() : member(arg.substring(0, colon).strip());
                        String text = colon < 0 ? "" : arg.substring(colon + 1).strip();
                        if (m.isEmpty() || text.isEmpty()) {
                            out.println("say NAME: text   (" + names() + ")");
                        } else if (!beat.roles().contains(m.get().role())) {
                            out.println(m.get().cue() + " is not on stage in '" + beat.id() + "'.");
                        } else {
                            perform(new SceneStep.Say(m.get().id(), text), true);
                        }
                    }
                    case "beat" -> {
                        if (arg.equals("next")) {
                            perform(new SceneStep.NextBeat(), true);
                        }
                        out.println("beat " + (beatIndex + 1) + "/" + cast.plot().beats().size() + ": " + beat.id()
                                + " (lines " + beat.minLines() + "-" + beat.maxLines() + ", cues " + beat.cues() + ")");
                    }
                    case "temp" -> {
                        if (arg.equals("beat")) {
                            perform(new SceneStep.Temperature(null), true);
                            out.println("temperature: the beat's own");
                        } else {
                            try {
                                double t = Double.parseDouble(arg);
                                if (!(t > 0 && t <= 5)) {
                                    throw new NumberFormatException();
                                }
                                perform(new SceneStep.Temperature(t), true);
                                out.println("temperature " + t);
                            } catch (NumberFormatException e) {
                                out.println("temp X with 0 < X <= 5, or 'temp beat'");
                            }
                        }
                    }
                    case "undo" -> undo();
                    case "reroll" -> reroll();
                    case "save" -> save(arg);
                    case "load" -> load(arg);
                    case "show" -> lines.forEach(fountain::line);
                    case "help" -> out.println(HELP);
                    case "quit", "exit" -> {
                        return List.copyOf(lines);
                    }
                    default -> out.println("unknown command '" + w[0] + "'; try 'help'");
                }
            }
            if (result != null) {
                out.println(result.termination() + ": " + result.detail());
            }
            out.flush();
            return List.copyOf(lines);
        } finally {
            if (running != null) {
                running.close();
            }
        }
    }

    // ------------------------------------------------------------ history: undo, reroll, save, load
    //
    // Everything that changes the scene is kept as a step (SceneStep). Because every turn's randomness comes from
    // (seed, turn), playing the same steps against a fresh director gives the same scene, models' states included:
    // that is how undo, reroll and load rebuild a session exactly.

    private final StepHistory history = new StepHistory();
    private volatile boolean interrupted; // Ctrl-C while lines are being written
    private Production.Running running;
    private PrintWriter out;
    private FountainWriter fountain;

    /** Carries out one scene-changing step and records it. */
    private void perform(SceneStep step, boolean print) {
        history.add(step);
        apply(step, print);
    }

    private void apply(SceneStep step, boolean print) {
        var director = running.director();
        if (step instanceof SceneStep.Next) {
            director.tell(new Director.Advance(1));
            drain(1, print);
            if (interrupted) { // Ctrl-C while the line was being written: it still lands, the rest of 'next n' does not
                director.tell(Director.Hold.INSTANCE);
            }
        } else if (step instanceof SceneStep.Who w) {
            director.tell(new Director.ForceSpeaker(cast.byId(w.id()).role()));
        } else if (step instanceof SceneStep.Say say) {
            director.tell(new Director.Say(cast.byId(say.id()).role(), say.text()));
            drain(1, print);
        } else if (step instanceof SceneStep.NextBeat) {
            director.tell(Director.SkipBeat.INSTANCE);
            drain(0, print);
        } else if (step instanceof SceneStep.Temperature t) {
            director.tell(new Director.SetTemperature(t.value()));
        } else if (step instanceof SceneStep.Reroll r) {
            director.tell(new Director.Reroll(r.salt()));
        }
    }

    /** A fresh director, then the recorded commands, silently. */
    private void restart(boolean print) {
        if (running != null) {
            running.close();
        }
        events.clear();
        lines.clear();
        open.clear();
        result = null;
        running = production.start(seed, cast.maxLines(), SpeakerPolicy.Mode.parse(cast.policy()), FaultInjection.NONE, true,
                observer());
        drain(0, print);
        for (SceneStep step : history.steps()) {
            apply(step, false);
        }
    }

    private void undo() {
        if (!history.undo()) {
            out.println("nothing to undo");
            return;
        }
        restart(false);
        out.println("undone: the scene is back to " + lines.size() + " lines");
    }

    private void reroll() {
        if (lines.isEmpty() || !history.reroll(lines.get(lines.size() - 1).speaker())) {
            out.println("reroll re-samples the last line the cast wrote; there is none");
            return;
        }
        restart(false);
        perform(new SceneStep.Next(), true);
    }

    private void save(String file) {
        if (file.isEmpty()) {
            out.println("save FILE");
            return;
        }
        try {
            StepSessionFile.save(java.nio.file.Path.of(file), cast, seed, history.steps());
            out.println("saved " + history.size() + " steps to " + file);
        } catch (java.io.IOException | RuntimeException e) {
            out.println("cannot save to " + file + ": " + e.getMessage());
        }
    }

    private void load(String file) {
        List<SceneStep> steps;
        try {
            steps = StepSessionFile.load(java.nio.file.Path.of(file), cast, seed);
        } catch (StepSessionFile.Refused refused) {
            out.println(refused.getMessage());
            return;
        }
        history.replaceWith(steps);
        restart(false);
        out.println("loaded " + steps.size() + " steps: the scene has " + lines.size() + " lines");
    }

    private Director.Observer observer() {
        return new Director.Observer() {
            @Override
            public void beatStarted(int index, PlotTemplate.Beat b) {
                events.add(new BeatStarted(index, b));
            }

            @Override
            public void lineAccepted(SceneLog.Entry entry) {
                events.add(new LineAccepted(entry));
            }

            @Override
            public void sceneEnded(SceneResult r) {
                events.add(new Ended(r));
            }
        };
    }

    /** Prints what the director reports until {@code wanted} lines have come (and any beat that follows), or the end. */
    private void drain(int wanted, boolean print) {
        int got = 0;
        try {
            while (result == null) {
                Event e = events.poll(got >= wanted ? 300 : 120_000, TimeUnit.MILLISECONDS);
                if (e == null) {
                    return;
                }
                if (e instanceof BeatStarted b) {
                    beatIndex = b.index();
                    beat = b.beat();
                    if (print) {
                        fountain.beat(beatIndex, beat);
                    }
                } else if (e instanceof LineAccepted accepted) {
                    SceneLog.Entry entry = accepted.entry();
                    lines.add(entry);
                    for (org.telenovela.scene.ThreadEvent ev : entry.threadEvents()) {
                        if (ev.opens()) {
                            open.add(ev.thread());
                        } else {
                            open.remove(ev.thread());
                        }
                    }
                    if (print) {
                        fountain.line(entry);
                    }
                    got++;
                } else if (e instanceof Ended ended) {
                    result = ended.result();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String status() {
        List<String> stage = beat.roles().stream().map(r -> cast.byRole(r).cue()).toList();
        return "[beat " + (beatIndex + 1) + "/" + cast.plot().beats().size() + " " + beat.id() + " | open threads: "
                + (open.isEmpty() ? "none" : String.join(", ", open)) + " | " + lines.size() + " lines | on stage: "
                + String.join(", ", stage) + "]";
    }

    private Optional<Cast.Member> member(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return cast.members().stream().filter(m -> m.id().equals(n) || m.cue().toLowerCase(Locale.ROOT).equals(n)
                || m.sheet().name().toLowerCase(Locale.ROOT).split(" ")[0].equals(n)).findFirst();
    }

    private String names() {
        return String.join(", ", cast.members().stream().map(Cast.Member::id).toList());
    }

    private static int parseCount(String s, PrintWriter out) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        out.println("next [n] with 1 <= n <= 1000");
        return 0;
    }
}
