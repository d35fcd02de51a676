package org.telenovela.cli;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.telenovela.cast.Cast;
import org.telenovela.scene.Production;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code telenovela step}: walk through a scene line by line in the terminal (works from a pipe too). */
@Command(name = "step", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Step through a scene interactively: Enter advances; 'help' lists the commands.")
public final class StepCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Options.CastArgument castFile;

    @Mixin
    Options.SeedOption seed;

    @Override
    public Integer call() throws Exception {
        org.telenovela.scene.Stage.warmUp(Main::config); // the actor system starts while the cast and models load
        Cast cast = Cast.load(castFile.file());
        Production production = Production.prepare(cast, Main.config());
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true).build()) {
            // Ctrl-C reaches the session (which stops 'next n', or cancels the line being typed), not the JVM,
            // also when the terminal is a pipe and JLine has no native hook of its own
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> terminal.raise(Terminal.Signal.INT));
            new StepSession(production, cast, terminal, seed.orElse(cast.seed())).run();
        }
        return 0;
    }
}
