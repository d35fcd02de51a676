package org.telenovela.cli;

import org.junit.jupiter.api.Test;
import org.telenovela.CliRun;
import org.telenovela.TinyCast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An option shared by several commands is one mixin: the same name, the same check, the same message. */
class SharedOptionsTest {
    @Test
    void aNegativeSeedIsRefusedTheSameWayByEveryCommandThatTakesOne() {
        String cast = TinyCast.cast().toString();
        String[][] commands = {{"run", cast}, {"batch", cast, "--episodes", "1", "--out", "nowhere"},
                {"new-cast", "--corpus", "nowhere", "--out", "nowhere.yaml"}};
        for (String[] c : commands) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 2);
            args[c.length] = "--seed";
            args[c.length + 1] = "-3";
            CliRun.Result r = CliRun.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("--seed must be >= 0, got -3"), r.err());
        }
    }

    @Test
    void anUnknownFormatGetsOneMessageEverywhere() {
        String cast = TinyCast.cast().toString();
        for (String[] args : new String[][]{{"run", cast, "--format", "pdf"}, {"batch", cast, "--episodes", "1", "--out", "x", "--format", "json,pdf"},
                {"replay", "episode.json", "--format", "pdf"}}) {
            CliRun.Result r = CliRun.run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--format: unknown format 'pdf'; expected fountain, json or markdown"), r.err());
        }
    }

    @Test
    void aCommandLineBuiltForOneCommandDescribesItAsTheWholeOneDoes() {
        picocli.CommandLine all = Main.commandLine(new String[0]);
        assertTrue(all.getSubcommands().size() >= 13, "every command: " + all.getSubcommands().keySet());
        for (String name : all.getSubcommands().keySet()) {
            picocli.CommandLine one = Main.commandLine(new String[]{name, "--help"});
            picocli.CommandLine sub = one.getSubcommands().get(name);
            assertTrue(sub != null, name);
            assertEquals(all.getSubcommands().get(name).getUsageMessage(), sub.getUsageMessage(), name);
            assertTrue(one.getSubcommands().size() == 1 || name.equals("help") || name.equals("completion"), name);
        }
    }

    @Test
    void completionPrintsAScriptThatKnowsTheCommandsAndTheirOptions() {
        CliRun.Result bash = CliRun.run("completion", "bash");
        assertEquals(0, bash.code(), bash.err());
        assertTrue(bash.out().contains("complete -F"), "a bash completion function");
        for (String word : new String[]{"run", "batch", "replay", "--seed", "--plot", "--episodes"}) {
            assertTrue(bash.out().contains(word), word);
        }
        assertTrue(CliRun.run("completion", "zsh").out().contains("bashcompinit"));
        assertEquals(2, CliRun.run("completion", "fish").code());
    }
}
