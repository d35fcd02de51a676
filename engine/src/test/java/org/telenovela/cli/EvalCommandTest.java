package org.telenovela.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.CliRun;
import org.telenovela.TinyCast;
import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.TrainingText;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.Trainer;
import org.telenovela.model.TrainingSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandTest {
    @Test
    void reportsHeldOutBitsInTrainingWindowsAndOnWholeScenesAndJudgesTheEpisodes(@TempDir Path dir) throws IOException {
        // the tiny corpus four times over: 12 scenes, so that one (the 9th) is held out
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        String tiny = Files.readString(TinyCast.home().resolve("characters/corpus/tiny.fountain"));
        for (int i = 1; i <= 4; i++) {
            Files.writeString(corpus.resolve("0" + i + ".fountain"), tiny);
        }
        CliRun.Result r = CliRun.run("eval", TinyCast.cast().toString(), "--corpus", corpus.toString(), "--episodes", "1",
                "--no-ablation", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(1, report.get("episodes").asInt());
        assertEquals(1.0, report.get("realWordShare").asDouble(), "decoding writes only words of the training text");

        JsonNode held = report.get("heldOutBitsPerChar");
        assertTrue(held.size() >= 2, r.out());
        Corpus c = Corpus.read(corpus);
        for (JsonNode b : held) {
            String id = b.get("character").asText();
            CharacterModel fine = CharacterModel.load(TinyCast.home().resolve("characters").resolve(id).resolve("model.zip"));
            var texts = TrainingText.texts(c.heldOut(), id.toUpperCase(java.util.Locale.ROOT));
            double windows = Trainer.bitsPerChar(fine, TrainingSet.of(fine.vocabulary(), fine.beats(), texts,
                    fine.info().spec().tbpttLength()));
            double whole = Trainer.bitsPerChar(fine, TrainingSet.of(fine.vocabulary(), fine.beats(), texts, Trainer.WHOLE_TEXT));
            assertEquals(windows, b.get("fineTuned").asDouble(), 1e-9, id);
            assertEquals(whole, b.get("fineTunedWholeScenes").asDouble(), 1e-9, id);
            assertNotEquals(windows, whole, id + ": the held-out scene is longer than a training window");
        }
    }
}
