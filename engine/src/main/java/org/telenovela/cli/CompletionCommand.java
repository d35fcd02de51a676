package org.telenovela.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code telenovela completion bash|zsh}: prints a Tab-completion script that picocli generates from the commands
 * themselves, so it never falls behind them. zsh runs the same script through {@code bashcompinit}.
 */
@Command(name = "completion", description = {
        "Print a shell completion script for commands, options, cast and plot files.",
        "bash:  source <(./telenovela completion bash)",
        "zsh:   autoload -U +X bashcompinit && bashcompinit && source <(./telenovela completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw Options.bad(spec, "SHELL must be bash or zsh, got '" + shell + "'");
        }
        CommandLine root = spec.commandLine().getParent();
        String script = AutoComplete.bash("telenovela", root);
        if (shell.equals("zsh")) {
            script = "# zsh: needs 'autoload -U +X bashcompinit && bashcompinit' before sourcing\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
