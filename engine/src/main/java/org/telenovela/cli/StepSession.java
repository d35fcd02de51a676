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
 * person can force the next speaker, speak as a character, move to the next beat, change the temperature and
 * look at the scene so far. Ctrl-C keeps the session; Ctrl-D quits. The terminal is injected, so tests drive it
 * with scripted input through a dumb terminal.
 */
final class StepSession {
    static final List<String> COMMANDS = List.of("next", "who", "say", "beat", "temp", "show", "help", "quit");
    private static final String HELP = """
            Enter or next [n]   advance one line (or n)
            who NAME            NAME speaks next
            say NAME: text      speak as NAME; everyone on stage hears it
            beat                show the beat; 'beat next' moves on to the next one
            temp X              sample at temperature X from now on ('temp beat' goes back to the beat's own)
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
        PrintWriter out = terminal.writer();
        List<String> words = new ArrayList<>(COMMANDS);
        cast.members().forEach(m -> words.add(m.id()));
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).completer(new StringsCompleter(words)).build();
        FountainWriter fountain = new FountainWriter(out);
        Director.Observer observer = new Director.Observer() {
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
        try (Production.Running running = production.start(seed, cast.maxLines(), SpeakerPolicy.Mode.parse(cast.policy()),
                FaultInjection.NONE, true, observer)) {
            fountain.titlePage(cast.title(), cast.plot().title(), seed);
            drain(fountain, 0);
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
                        if (n > 0) {
                            running.director().tell(new Director.Advance(n));
                            drain(fountain, n);
                        }
                    }
                    case "who" -> member(arg).ifPresentOrElse(m -> {
                        if (beat.roles().contains(m.role())) {
                            running.director().tell(new Director.ForceSpeaker(m.role()));
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
                            running.director().tell(new Director.Say(m.get().role(), text));
                            drain(fountain, 1);
                        }
                    }
                    case "beat" -> {
                        if (arg.equals("next")) {
                            running.director().tell(Director.SkipBeat.INSTANCE);
                            drain(fountain, 0);
                        }
                        out.println("beat " + (beatIndex + 1) + "/" + cast.plot().beats().size() + ": " + beat.id()
                                + " (lines " + beat.minLines() + "-" + beat.maxLines() + ", cues " + beat.cues() + ")");
                    }
                    case "temp" -> {
                        if (arg.equals("beat")) {
                            running.director().tell(new Director.SetTemperature(null));
                            out.println("temperature: the beat's own");
                        } else {
                            try {
                                double t = Double.parseDouble(arg);
                                if (!(t > 0 && t <= 5)) {
                                    throw new NumberFormatException();
                                }
                                running.director().tell(new Director.SetTemperature(t));
                                out.println("temperature " + t);
                            } catch (NumberFormatException e) {
                                out.println("temp X with 0 < X <= 5, or 'temp beat'");
                            }
                        }
                    }
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
        }
    }

    /** Prints what the director reports until {@code wanted} lines have come (and any beat that follows), or the end. */
    private void drain(FountainWriter fountain, int wanted) {
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
                    fountain.beat(beatIndex, beat);
                } else if (e instanceof SceneLog.Entry entry) {
                    lines.add(entry);
                    for (String ev : entry.threadEvents()) {
                        String t = ev.replaceAll("^\\w+:| \\(narrator\\)$", "");
                        if (ev.startsWith("opens:")) {
                            open.add(t);
                        } else {
                            open.remove(t);
                        }
                    }
                    fountain.line(entry);
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
