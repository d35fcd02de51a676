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
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
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
                            perform("next", true);
                        }
                        if (interrupted) {
                            out.println("(stopped)");
                        }
                    }
                    case "who" -> member(arg).ifPresentOrElse(m -> {
                        if (beat.roles().contains(m.role())) {
                            perform("who " + m.id(), true);
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
                            perform("say " + m.get().id() + ": " + text, true);
                        }
                    }
                    case "beat" -> {
                        if (arg.equals("next")) {
                            perform("beat next", true);
                        }
                        out.println("beat " + (beatIndex + 1) + "/" + cast.plot().beats().size() + ": " + beat.id()
                                + " (lines " + beat.minLines() + "-" + beat.maxLines() + ", cues " + beat.cues() + ")");
                    }
                    case "temp" -> {
                        if (arg.equals("beat")) {
                            perform("temp beat", true);
                            out.println("temperature: the beat's own");
                        } else {
                            try {
                                double t = Double.parseDouble(arg);
                                if (!(t > 0 && t <= 5)) {
                                    throw new NumberFormatException();
                                }
                                perform("temp " + t, true);
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
    // Everything that changes the scene is kept as a command line. Because every turn's randomness comes from
    // (seed, turn), playing the same commands against a fresh director gives the same scene, models' states
    // included: that is how undo, reroll and load rebuild a session exactly.

    private final List<String> history = new ArrayList<>();
    private volatile boolean interrupted; // Ctrl-C while lines are being written
    private Production.Running running;
    private PrintWriter out;
    private FountainWriter fountain;

    /** Carries out one scene-changing command and records it. */
    private void perform(String command, boolean print) {
        history.add(command);
        apply(command, print);
    }

    private void apply(String command, boolean print) {
        String[] w = command.split(" ", 2);
        String arg = w.length > 1 ? w[1] : "";
        switch (w[0]) {
            case "next" -> {
                running.director().tell(new Director.Advance(1));
                drain(1, print);
                if (interrupted) { // Ctrl-C while the line was being written: it still lands, the rest of 'next n' does not
                    running.director().tell(Director.Hold.INSTANCE);
                }
            }
            case "who" -> running.director().tell(new Director.ForceSpeaker(cast.byId(arg).role()));
            case "say" -> {
                int colon = arg.indexOf(':');
                running.director().tell(new Director.Say(cast.byId(arg.substring(0, colon)).role(), arg.substring(colon + 1).strip()));
                drain(1, print);
            }
            case "beat" -> {
                running.director().tell(Director.SkipBeat.INSTANCE);
                drain(0, print);
            }
            case "temp" -> running.director().tell(new Director.SetTemperature(arg.equals("beat") ? null : Double.parseDouble(arg)));
            case "reroll" -> running.director().tell(new Director.Reroll(Integer.parseInt(arg)));
            default -> throw new IllegalArgumentException("not a scene command: " + command);
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
        for (String command : history) {
            apply(command, false);
        }
    }

    /** Index of the last command that produced a line, or -1. */
    private int lastLineCommand() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).equals("next") || history.get(i).startsWith("say ")) {
                return i;
            }
        }
        return -1;
    }

    private void undo() {
        int i = lastLineCommand();
        if (i < 0) {
            out.println("nothing to undo");
            return;
        }
        history.subList(i, history.size()).clear();
        if (i >= 1 && history.get(i - 1).startsWith("reroll ")) { // the re-roll that made that line goes too
            history.remove(i - 1);
            if (i >= 2 && history.get(i - 2).startsWith("who ")) {
                history.remove(i - 2);
            }
        }
        restart(false);
        out.println("undone: the scene is back to " + lines.size() + " lines");
    }

    private void reroll() {
        int i = lastLineCommand();
        if (i < 0 || !history.get(i).equals("next") || lines.isEmpty()) {
            out.println("reroll re-samples the last line the cast wrote; there is none");
            return;
        }
        String speaker = lines.get(lines.size() - 1).speaker();
        int salt = 1;
        if (i >= 1 && history.get(i - 1).startsWith("reroll ")) {
            salt = Integer.parseInt(history.get(i - 1).substring(7)) + 1;
        }
        history.subList(i, history.size()).clear();
        if (i >= 1 && history.get(i - 1).startsWith("reroll ")) {
            history.remove(i - 1);
            if (i >= 2 && history.get(i - 2).startsWith("who ")) {
                history.remove(i - 2);
            }
        }
        history.add("who " + speaker);
        history.add("reroll " + salt);
        restart(false);
        perform("next", true);
    }

    private void save(String file) {
        if (file.isEmpty()) {
            out.println("save FILE");
            return;
        }
        StringBuilder sb = new StringBuilder("# telenovela step session\n");
        sb.append("cast: ").append(cast.file().toAbsolutePath().normalize()).append('\n');
        sb.append("seed: ").append(seed).append('\n');
        for (Cast.Member m : cast.members()) {
            sb.append("model: ").append(m.id()).append(' ').append(Production.sha256(m.model())).append('\n');
        }
        history.forEach(h -> sb.append("do: ").append(h).append('\n'));
        try {
            RunCommand.writeAtomically(java.nio.file.Path.of(file), sb.toString());
            out.println("saved " + history.size() + " steps to " + file);
        } catch (java.io.IOException e) {
            out.println("cannot save to " + file + ": " + e.getMessage());
        }
    }

    private void load(String file) {
        List<String> saved;
        try {
            saved = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
        } catch (java.io.IOException | RuntimeException e) {
            out.println("cannot read " + file + ": " + e.getMessage());
            return;
        }
        List<String> steps = new ArrayList<>();
        for (String l : saved) {
            if (l.startsWith("seed: ") && Long.parseLong(l.substring(6).strip()) != seed) {
                out.println(file + ": saved with seed " + l.substring(6) + "; start 'telenovela step --seed " + l.substring(6) + "' to load it");
                return;
            }
            if (l.startsWith("model: ")) {
                String[] p = l.substring(7).split(" ");
                if (!Production.sha256(cast.byId(p[0]).model()).equals(p[1])) {
                    out.println(file + ": the model of '" + p[0] + "' changed since the session was saved");
                    return;
                }
            }
            if (l.startsWith("do: ")) {
                steps.add(l.substring(4));
            }
        }
        history.clear();
        history.addAll(steps);
        restart(false);
        out.println("loaded " + steps.size() + " steps: the scene has " + lines.size() + " lines");
    }

    private Director.Observer observer() {
        return new Director.Observer() {
            @Override
            public void beatStarted(int index, PlotTemplate.Beat b) {
                events.add(new Object[]{index, b});
            }

            @Override
            public void lineAccepted(SceneLog.Entry entry) {
                events.add(entry);
            }

            @Override
            public void sceneEnded(SceneResult r) {
                events.add(r);
            }
        };
    }

    /** Prints what the director reports until {@code wanted} lines have come (and any beat that follows), or the end. */
    private void drain(int wanted, boolean print) {
        int got = 0;
        try {
            while (result == null) {
                Object e = events.poll(got >= wanted ? 300 : 120_000, TimeUnit.MILLISECONDS);
                if (e == null) {
                    return;
                }
                if (e instanceof Object[] b) {
                    beatIndex = (Integer) b[0];
                    beat = (PlotTemplate.Beat) b[1];
                    if (print) {
                        fountain.beat(beatIndex, beat);
                    }
                } else if (e instanceof SceneLog.Entry entry) {
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
                } else if (e instanceof SceneResult r) {
                    result = r;
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
