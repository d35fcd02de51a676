package org.telenovela.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.telenovela.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code telenovela}: the command line. Each subcommand is one class, thin over the engine. */
@Command(name = "telenovela", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Telenovela scenes written by a cast of LSTMs (over learned subword pieces), one actor each.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Picocli reads a command's annotations when it is added, and
     * reading all of them took a fifth of a cold start, so a command line that names one of them gets only that
     * one (its help, errors and behaviour are the same); any other (help, completion, a typo) gets them all.
     */
    private static final java.util.Map<String, Class<?>> SUBCOMMANDS = subcommands(RunCommand.class, TrainCommand.class,
            ImportCommand.class, NewCastCommand.class, EvalCommand.class, BenchCommand.class, CorpusCommand.class,
            BatchCommand.class, WorkerCommand.class, ReplayCommand.class, StepCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class);

    private static java.util.Map<String, Class<?>> subcommands(Class<?>... classes) {
        java.util.Map<String, Class<?>> byName = new java.util.LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return byName;
    }

    /** Commands whose actor system starts before the command line is parsed (batch may be a cluster node's). */
    private static final java.util.Set<String> EARLY_STAGE = java.util.Set.of("run", "step", "replay");

    /** The command line for these arguments (see {@link #SUBCOMMANDS}). */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        boolean one = SUBCOMMANDS.containsKey(first) && !first.equals("help") && !first.equals("completion");
        for (Class<?> c : SUBCOMMANDS.values()) {
            if (!one || c == SUBCOMMANDS.get(first)) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }
    public static final int INPUT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (args.length > 0 && EARLY_STAGE.contains(args[0])) {
            // the actor system is the longest part of a scene's cold start: begin it before parsing the command line
            org.telenovela.scene.Stage.warmUp(Main::config);
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit code. Tests call this directly. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidInputException bad) {
                commandLine.getErr().println("telenovela: " + bad.getMessage());
                return INPUT_ERROR;
            }
            if (ex instanceof org.telenovela.cluster.ClusterFailure failure) {
                commandLine.getErr().println("telenovela: " + failure.getMessage());
                return 1;
            }
            if (ex instanceof org.telenovela.training.TrainingDiverged diverged) {
                commandLine.getErr().println("telenovela: " + diverged.getMessage());
                return 1;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("telenovela: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return INPUT_ERROR;
        });
        return cl.execute(args);
    }

    /** The project folder: where the launcher lives (TELENOVELA_HOME), else the working directory. */
    public static Path home() {
        return org.telenovela.ProjectHome.get();
    }

    /** {@link #config()} with the settings of {@code file} over it (a command's {@code --config}); null: no file. */
    public static Config config(Path file) {
        if (file == null) {
            return config();
        }
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.at(file.toString(), "settings file not found");
        }
        try {
            return ConfigFactory.parseFile(file.toFile()).withFallback(config()).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw InvalidInputException.at(file.toString(), e.getMessage());
        }
    }

    private static final java.util.Map<String, Config> CONFIGS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Built-in defaults overridden by {@code config/telenovela.conf} when it exists. Read once per project folder and
     * version of the file (a command asks several times, from two threads at start-up; reading takes 0.2 s cold).
     */
    public static Config config() {
        Path file = home().resolve("config").resolve("telenovela.conf");
        String key;
        try {
            key = file.toAbsolutePath() + "@" + (Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file) : "none");
        } catch (java.io.IOException e) {
            key = file.toAbsolutePath() + "@unreadable";
        }
        return CONFIGS.computeIfAbsent(key, k -> readConfig(file));
    }

    private static Config readConfig(Path file) {
        Config defaults = ConfigFactory.load();
        if (!Files.isRegularFile(file)) {
            return defaults;
        }
        try {
            return ConfigFactory.parseFile(file.toFile()).withFallback(defaults).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw InvalidInputException.at(file.toString(), e.getMessage());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"telenovela " + (v == null ? "dev" : v)};
        }
    }
}
