package org.telenovela.plot;

import org.telenovela.ProjectRoot;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telenovela.TinyCast;
import org.telenovela.cast.Cast;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SceneLog;
import org.telenovela.scene.SceneResult;
import org.telenovela.scene.SpeakerPolicy;
import org.telenovela.scene.Termination;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped arc keeps its promise: 20 episodes with different seeds all end ARC_COMPLETE, beats in template
 * order, every opened thread closed. The director's bookkeeping does not depend on how well the models write,
 * so a tiny model plays every role here (nothing in the code knows these templates by name).
 */
class ShippedTemplatesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"amor-perdido.yaml", "gemela-malvada.yaml", "herencia-robada.yaml"})
    void twentyEpisodesAllCompleteTheArcInOrder(String template) throws IOException {
        Path plotFile = ProjectRoot.resolve("plots", template).toAbsolutePath().normalize();
        PlotTemplate plot = PlotTemplate.load(plotFile);
        Path model = TinyCast.home().resolve("characters/base/model.zip");
        StringBuilder cast = new StringBuilder("title: Test\nplot: " + plotFile + "\ncharacters: chars\nmaxLines: 200\n"
                + "sampling: {maxLength: 40, candidates: 2}\ncast:\n");
        for (String role : plot.roles()) {
            Path sheet = Files.createDirectories(dir.resolve("chars").resolve(role)).resolve("character.yaml");
            Files.writeString(sheet, "name: " + role + "\ncue: " + role.toUpperCase() + "\nroles: [" + role + "]\n");
            cast.append("  - {character: ").append(role).append(", role: ").append(role).append(", model: ").append(model).append("}\n");
        }
        Path castFile = dir.resolve("cast.yaml");
        Files.writeString(castFile, cast.toString());
        Production production = Production.prepare(Cast.load(castFile), ConfigFactory.load());
        List<String> beatIds = plot.beats().stream().map(PlotTemplate.Beat::id).toList();
        for (long seed = 1; seed <= 20; seed++) {
            SceneResult r = production.play(seed, 200, SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { }).result();
            assertEquals(Termination.ARC_COMPLETE, r.termination(), template + " seed " + seed + ": " + r.detail());
            assertEquals(beatIds, r.lines().stream().map(SceneLog.Entry::beat).distinct().toList(), "beats in template order");
            List<String> opened = new ArrayList<>();
            List<String> closed = new ArrayList<>();
            for (SceneLog.Entry l : r.lines()) {
                for (org.telenovela.scene.ThreadEvent e : l.threadEvents()) {
                    (e.opens() ? opened : closed).add(e.thread());
                }
            }
            assertEquals(plot.threads().size(), opened.size());
            assertTrue(closed.containsAll(opened) && opened.containsAll(closed), opened + " vs " + closed);
        }
    }
}
