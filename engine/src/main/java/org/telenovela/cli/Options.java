package org.telenovela.cli;

import org.telenovela.output.Renderer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options several commands share, as picocli mixins, so that the same option means the same thing, reads the
 * same in help, and is checked the same way everywhere; and the one way a command reports a bad flag.
 */
final class Options {
    private Options() {
    }

    /** A bad flag: one line naming it, exit code 2 (see {@link Main#execute}). */
    static CommandLine.ParameterException bad(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The cast to play: an optional CAST argument, {@code config/cast.yaml} by default. */
    static final class CastArgument {
        @Parameters(index = "0", arity = "0..1", paramLabel = "CAST", description = "cast file (default: config/cast.yaml)")
        Path file;

        Path file() {
            return file != null ? file : Main.home().resolve("config").resolve("cast.yaml");
        }
    }

    /** Where a cluster node listens ({@code batch --cluster}, {@code worker}) and how it proves who it is. */
    static final class NodeOptions {
        @Option(names = "--port", paramLabel = "P", description = "port this node listens on (batch --cluster: 25520; worker: any free port)")
        Integer port;

        @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
                description = "address this node listens on and other nodes reach it by; anything but loopback needs --keystore")
        String bind;

        @Option(names = "--keystore", paramLabel = "FILE",
                description = "PKCS12 keystore for TLS between nodes (password in $TELENOVELA_KEYSTORE_PASSWORD); "
                        + "only nodes whose certificates it trusts can join")
        Path keystore;

        /** The checked address, {@code defaultPort} where --port is not given. */
        org.telenovela.cluster.ClusterNode.Address address(int defaultPort) {
            return new org.telenovela.cluster.ClusterNode.Address(bind, port == null ? defaultPort : port,
                    org.telenovela.cluster.ClusterNode.Tls.of(keystore));
        }

        boolean given(CommandSpec spec) {
            var r = spec.commandLine().getParseResult();
            return r.hasMatchedOption("--port") || r.hasMatchedOption("--bind") || r.hasMatchedOption("--keystore");
        }
    }

    /** {@code --seed N}: a seed of one's own instead of the cast file's; never negative. */
    static final class SeedOption {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--seed", paramLabel = "N", description = "seed, 0 or more (default: the cast file's; 1 for a new cast)")
        Long seed;

        long orElse(long fallback) {
            if (seed != null && seed < 0) {
                throw bad(spec, "--seed must be >= 0, got " + seed);
            }
            return seed != null ? seed : fallback;
        }
    }

    /** {@code --corpus DIR}: the corpus folder, {@code telenovela.training.corpus} by default. */
    static final class CorpusOption {
        @Option(names = "--corpus", paramLabel = "DIR", description = "corpus folder (default: telenovela.training.corpus)")
        Path dir;

        Path dir(com.typesafe.config.Config config) {
            return dir != null ? dir : Main.home().resolve(config.getString("telenovela.training.corpus"));
        }
    }

    /** {@code --config FILE}: settings layered over {@code config/telenovela.conf}. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE", description = "settings over config/telenovela.conf (HOCON, keys under telenovela { })")
        Path file;

        com.typesafe.config.Config config() {
            return Main.config(file);
        }
    }

    /** {@code --format}: one output format (fountain, json or markdown), Fountain by default. */
    static final class FormatOption {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "fountain", description = "fountain, json or markdown")
        String format;

        Renderer.Format format() {
            return parse(spec, format);
        }
    }

    /** A format name, or one clear line saying which are known. */
    static Renderer.Format parse(CommandSpec spec, String name) {
        try {
            return Renderer.Format.parse(name);
        } catch (IllegalArgumentException e) {
            throw bad(spec, "--format: unknown format '" + name + "'; expected fountain, json or markdown");
        }
    }

    /** Several formats, comma-separated, each checked as {@link #parse} checks one. */
    static List<Renderer.Format> parseAll(CommandSpec spec, List<String> names) {
        List<Renderer.Format> out = new ArrayList<>();
        for (String n : names) {
            Renderer.Format f = parse(spec, n);
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }
}
