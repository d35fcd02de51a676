package org.telenovela.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest {
    @Test
    void replayGivesTheSameBytesAndRefusesWhenAModelChanged(@TempDir Path dir) throws IOException {
        Path home = TinyCast.copyFixture(Files.createDirectory(dir.resolve("home")));
        for (String id : List.of("ana", "bruno", "narrador")) {
            Files.copy(TinyCast.home().resolve("characters/" + id + "/model.zip"), home.resolve("characters/" + id + "/model.zip"));
        }
        Path episode = dir.resolve("episode.json");
        RunCommandTest.Result run = RunCommandTest.run("run", home.resolve("config/cast.yaml").toString(), "--seed", "9",
                "--max-lines", "30", "--policy", "round-robin", "--format", "json", "--out", episode.toString());
        assertEquals(0, run.code(), run.err());

        Path again = dir.resolve("again.json");
        RunCommandTest.Result replay = RunCommandTest.run("replay", episode.toString(), "--out", again.toString());
        assertEquals(0, replay.code(), replay.err());
        assertEquals(Files.readString(episode), Files.readString(again));

        Files.copy(TinyCast.home().resolve("characters/base/model.zip"), home.resolve("characters/bruno/model.zip"),
                StandardCopyOption.REPLACE_EXISTING);
        RunCommandTest.Result refused = RunCommandTest.run("replay", episode.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("the model of 'bruno' changed"), refused.err());
        assertEquals("", refused.out());
    }
}
