package org.telenovela.cli;

import org.telenovela.cast.Cast;
import org.telenovela.scene.Production;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved step-through session: a text file naming the cast, the seed, each model's SHA-256 and the steps.
 * <pre>
 * # telenovela step session
 * cast: /path/to/cast.yaml
 * seed: 42
 * model: valentina 3f2a...
 * do: next
 * do: who lupita
 * </pre>
 */
final class StepSessionFile {
    private StepSessionFile() {
    }

    static void save(Path file, Cast cast, long seed, List<SceneStep> steps) throws IOException {
        StringBuilder sb = new StringBuilder("# telenovela step session\n");
        sb.append("cast: ").append(cast.file().toAbsolutePath().normalize()).append('\n');
        sb.append("seed: ").append(seed).append('\n');
        for (Cast.Member m : cast.members()) {
            sb.append("model: ").append(m.id()).append(' ').append(Production.sha256(m.model())).append('\n');
        }
        steps.forEach(s -> sb.append("do: ").append(s.line()).append('\n'));
        RunCommand.writeAtomically(file, sb.toString());
    }

    /** A session that cannot be resumed here, with the reason a person reads. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    /** The steps of a saved session, if it was saved with this seed and these models. */
    static List<SceneStep> load(Path file, Cast cast, long seed) throws Refused {
        List<String> saved;
        try {
            saved = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            throw new Refused("cannot read " + file + ": " + e.getMessage());
        }
        List<SceneStep> steps = new ArrayList<>();
        for (String l : saved) {
            try {
                if (l.startsWith("seed: ") && Long.parseLong(l.substring(6).strip()) != seed) {
                    throw new Refused(file + ": saved with seed " + l.substring(6) + "; start 'telenovela step --seed "
                            + l.substring(6) + "' to load it");
                }
                if (l.startsWith("model: ")) {
                    String[] p = l.substring(7).split(" ");
                    if (!Production.sha256(cast.byId(p[0]).model()).equals(p[1])) {
                        throw new Refused(file + ": the model of '" + p[0] + "' changed since the session was saved");
                    }
                }
                if (l.startsWith("do: ")) {
                    steps.add(SceneStep.parse(l.substring(4)));
                }
            } catch (RuntimeException e) {
                throw new Refused(file + ": not a session file (" + e.getMessage() + ")");
            }
        }
        return steps;
    }
}
