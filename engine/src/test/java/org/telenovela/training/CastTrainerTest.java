package org.telenovela.training;

import org.telenovela.corpus.TrainingText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.ModelInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastTrainerTest {

    /** Stands in for SIGKILL: stops the run right after a given epoch's checkpoint is written. */
    static final class Killed extends RuntimeException {
    }

    private static CastTrainer.Listener killAfter(String model, int epoch) {
        return new CastTrainer.Listener() {
            @Override
            public void epochDone(String m, int e, double loss, double heldOutBits) {
                if (m.equals(model) && e == epoch) {
                    throw new Killed();
                }
            }
        };
    }

    @Test
    void resumingAfterAKillGivesTheSameModelsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path straight = TinyCast.copyFixture(Files.createDirectory(dir.resolve("straight")));
        new CastTrainer(TinyCast.plan(straight, 4, 2, false), TinyCast.QUIET).run();

        Path killed = TinyCast.copyFixture(Files.createDirectory(dir.resolve("killed")));
        assertThrows(Killed.class, () -> new CastTrainer(TinyCast.plan(killed, 4, 2, false), killAfter("base", 2)).run());
        assertTrue(Files.exists(killed.resolve("characters/.checkpoints/base.zip")));
        assertTrue(Files.notExists(killed.resolve("characters/base/model.zip")), "no half-trained model file is written");
        new CastTrainer(TinyCast.plan(killed, 4, 2, true), TinyCast.QUIET).run();

        for (String id : List.of("base", "ana", "bruno", "narrador")) {
            CharacterModel a = CharacterModel.load(straight.resolve("characters/" + id + "/model.zip"));
            CharacterModel b = CharacterModel.load(killed.resolve("characters/" + id + "/model.zip"));
            assertEquals(a.parameters(), b.parameters(), id);
            assertEquals(a.info(), b.info(), id);
        }
        assertTrue(Files.notExists(killed.resolve("characters/.checkpoints/base.zip")), "checkpoints are removed when done");
    }

    @Test
    void aResumedClusteredRunHandsOutOnlyTheFineTunesNotFinished(@TempDir Path dir) throws Exception {
        Path home = TinyCast.copyFixture(dir);
        new CastTrainer(TinyCast.plan(home, 2, 1, false), TinyCast.QUIET).run();
        Files.delete(home.resolve("characters/bruno/model.zip")); // as if the run had stopped before bruno's came back
        List<String> handedOut = new ArrayList<>();
        Map<String, ModelInfo> infos = new CastTrainer(TinyCast.plan(home, 2, 1, true), TinyCast.QUIET)
                .remotely((roles, base, checksum) -> {
                    Map<String, ModelInfo> out = new LinkedHashMap<>();
                    for (CastTrainer.Role r : roles) {
                        handedOut.add(r.id());
                        out.put(r.id(), CharacterModel.load(base).info());
                    }
                    return out;
                })
                .run();
        assertEquals(List.of("bruno"), handedOut);
        assertEquals(Set.of("base", "ana", "bruno", "narrador"), infos.keySet());
    }

    @Test
    void anEpochThatEndsInNanIsRedoneAndTheModelsEqualAnUndisturbedRun(@TempDir Path dir) throws Exception {
        Path straight = TinyCast.copyFixture(Files.createDirectory(dir.resolve("straight")));
        new CastTrainer(TinyCast.plan(straight, 2, 2, false), TinyCast.QUIET).run();

        Path spoilt = TinyCast.copyFixture(Files.createDirectory(dir.resolve("spoilt")));
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        CastTrainer trainer = new CastTrainer(TinyCast.plan(spoilt, 2, 2, false), noting(notes));
        java.util.Set<String> spoiled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        trainer.spoilAfterEpoch = (model, epoch) -> epoch == 1 && spoiled.add(model); // each model's first epoch, once
        trainer.run();

        for (String id : List.of("base", "ana", "bruno", "narrador")) {
            CharacterModel a = CharacterModel.load(straight.resolve("characters/" + id + "/model.zip"));
            CharacterModel b = CharacterModel.load(spoilt.resolve("characters/" + id + "/model.zip"));
            assertTrue(b.isFinite(), id);
            assertEquals(a.parameters(), b.parameters(), id);
        }
        assertEquals(4, notes.stream().filter(n -> n.contains("epoch 1 ended with non-finite numbers; redoing it")).count(), notes.toString());

        CastTrainer hopeless = new CastTrainer(TinyCast.plan(TinyCast.copyFixture(Files.createDirectory(dir.resolve("hopeless"))),
                2, 2, false), TinyCast.QUIET);
        hopeless.spoilAfterEpoch = (model, epoch) -> true;
        TrainingDiverged e = assertThrows(TrainingDiverged.class, hopeless::run);
        assertTrue(e.getMessage().contains("base gave non-finite numbers in epoch 1 3 times"), e.getMessage());
    }

    private static CastTrainer.Listener noting(List<String> notes) {
        return new CastTrainer.Listener() {
            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
    }

    @Test
    void modelsRecordCorpusChecksumSpecEpochsAndHeldOutBits() throws IOException, InterruptedException {
        Path home = TinyCast.copyFixture(Files.createTempDirectory("trainer"));
        Map<String, ModelInfo> infos = new CastTrainer(TinyCast.plan(home, 2, 1, false), TinyCast.QUIET).run();
        ModelInfo base = infos.get("base");
        assertEquals(2, base.history().size());
        assertTrue(Files.size(home.resolve("characters/base/loss.png")) > 1000, "a loss curve next to the model");
        assertEquals(1, infos.get("bruno").history().size(), "a fine-tune's curve starts at its own first epoch");
        assertEquals(64, base.corpusChecksum().length());
        assertEquals(TinyCast.SPEC, base.spec());
        assertEquals(2, base.epochs());
        ModelInfo ana = infos.get("ana");
        assertEquals("base", ana.trainedFrom());
        assertEquals(1, ana.epochs());
        assertEquals(base.corpusChecksum(), ana.corpusChecksum());
        assertNull(ana.heldOutBitsPerChar(), "three scenes hold none out (every 9th is held out), so there is nothing to report");
    }

    @Test
    void fineTuningMasksTheLossToTheCharactersOwnLines() {
        var scenes = org.telenovela.corpus.Screenplay.parse("t", """
                INT. X - DAY

                ANA
                Hola.

                BRUNO
                Adiós.
                """).scenes();
        var texts = TrainingText.texts(scenes, "BRUNO");
        String text = texts.get(0).text();
        boolean[] counts = texts.get(0).counts();
        StringBuilder counted = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (counts[i]) {
                counted.append(text.charAt(i));
            }
        }
        assertEquals("Adiós.\n", counted.toString());
    }
}
