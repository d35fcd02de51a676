package org.telenovela.cli;

import org.telenovela.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;
import org.telenovela.cast.Cast;
import org.telenovela.scene.Episode;
import org.telenovela.output.Renderer;
import org.telenovela.scene.Director;
import org.telenovela.scene.FaultInjection;
import org.telenovela.scene.Production;
import org.telenovela.scene.SpeakerPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest {
    @Test
    void replayGivesTheSameBytesAndRefusesWhenAModelChanged(@TempDir Path dir) throws IOException {
        Path home = TinyCast.copyFixture(Files.createDirectory(dir.resolve("home")));
        for (String id : List.of("ana", "bruno", "narrador")) {
            Files.copy(TinyCast.home().resolve("characters/" + id + "/model.zip"), home.resolve("characters/" + id + "/model.zip"));
        }
        Path episode = dir.resolve("episode.json");
        CliRun.Result run = CliRun.run("run", home.resolve("config/cast.yaml").toString(), "--seed", "9",
                "--max-lines", "30", "--policy", "round-robin", "--format", "json", "--out", episode.toString());
        assertEquals(0, run.code(), run.err());

        Path again = dir.resolve("again.json");
        CliRun.Result replay = CliRun.run("replay", episode.toString(), "--out", again.toString());
        assertEquals(0, replay.code(), replay.err());
        assertEquals(Files.readString(episode), Files.readString(again));

        // the episode records how it was directed; a replay follows the record, not today's config
        Cast cast = Cast.load(home.resolve("config/cast.yaml"));
        Episode off = Production.prepare(cast, Main.config()).withoutBeatConditioning()
                .play(9, 30, SpeakerPolicy.Mode.ROUND_ROBIN, FaultInjection.NONE, new Director.Observer() { });
        Path recorded = dir.resolve("ablated.json");
        Files.writeString(recorded, Renderer.render(off, cast.plot(), Renderer.Format.JSON));
        assertTrue(Files.readString(recorded).contains("\"beatCodes\" : false"));
        Path replayed = dir.resolve("ablated-again.json");
        assertEquals(0, CliRun.run("replay", recorded.toString(), "--out", replayed.toString()).code());
        assertEquals(Files.readString(recorded), Files.readString(replayed));
        assertNotEquals(Files.readString(episode), Files.readString(replayed), "beat conditioning changes the scene");

        // a record whose lines the replay does not give back is refused, and nothing is written
        String tampered = Files.readString(episode).replaceFirst("\"beatCodes\" : true", "\"beatCodes\" : false");
        Path bad = dir.resolve("tampered.json");
        Files.writeString(bad, tampered);
        CliRun.Result differs = CliRun.run("replay", bad.toString(), "--out", dir.resolve("nope.json").toString());
        assertEquals(2, differs.code());
        assertTrue(differs.err().contains("the replay differs from the recording at line 1"), differs.err());
        assertTrue(Files.notExists(dir.resolve("nope.json")));

        // the plot played is the recorded one, and it must not have changed
        String plotText = Files.readString(cast.plotFile());
        Files.writeString(cast.plotFile(), plotText + "\n# edited\n");
        CliRun.Result plotChanged = CliRun.run("replay", episode.toString());
        assertEquals(2, plotChanged.code());
        assertTrue(plotChanged.err().contains("the plot template changed"), plotChanged.err());
        Files.writeString(cast.plotFile(), plotText);

        Files.copy(TinyCast.home().resolve("characters/base/model.zip"), home.resolve("characters/bruno/model.zip"),
                StandardCopyOption.REPLACE_EXISTING);
        CliRun.Result refused = CliRun.run("replay", episode.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("the model of 'bruno' changed"), refused.err());
        assertEquals("", refused.out());
    }
}
