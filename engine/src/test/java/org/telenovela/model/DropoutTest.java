package org.telenovela.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.corpus.MaskedText;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Dropout is real (it changes what training does) and seeded (a resumed run drops the same units). */
class DropoutTest {
    private static final String TEXT = """
            inicio|ANA: ¿Bruno? ¿Eres tú de verdad?
            inicio|BRUNO: Sí, Ana. Volví por ti, mi amor.
            medio|BRUNO: Te lo juro, Ana, nunca te olvidé.
            final|ANA: Escúchame, Bruno: el barco no se hundió solo.
            """;

    @TempDir
    Path dir;

    /** One layer trains through LstmGradients, two through DL4J's fit: both are covered. */
    private static CharacterModel fresh(int layers, double dropout) {
        return CharacterModel.create("ana", new ModelSpec(layers, 16, 32, 0.02, 3, 0, dropout), Vocabulary.standard(),
                Beats.of(List.of("inicio", "medio", "final"), "-"));
    }

    private static TrainingSet set(CharacterModel m) {
        return TrainingSet.of(m.vocabulary(), m.beats(), List.of(MaskedText.all(TEXT.repeat(4))), 32);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aResumedRunDropsTheSameUnitsAsAnUninterruptedOne(int layers) throws IOException {
        CharacterModel straight = fresh(layers, 0.3);
        for (int e = 0; e < 3; e++) {
            Trainer.epoch(straight, set(straight), 8, 7, e, null);
        }
        CharacterModel first = fresh(layers, 0.3);
        Trainer.epoch(first, set(first), 8, 7, 0, null);
        Path checkpoint = dir.resolve("c.zip");
        first.save(checkpoint, true);
        // other training in between moves ND4J's generator on, as another model's epochs would
        CharacterModel other = fresh(layers, 0.5);
        Trainer.epoch(other, set(other), 8, 99, 0, null);
        CharacterModel resumed = CharacterModel.load(checkpoint, true);
        for (int e = 1; e < 3; e++) {
            Trainer.epoch(resumed, set(resumed), 8, 7, e, null);
        }
        assertEquals(straight.parameters(), resumed.parameters());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void dropoutChangesTrainingButNotTheGeneratingNetworksShape(int layers) {
        CharacterModel without = fresh(layers, 0);
        CharacterModel with = fresh(layers, 0.3);
        assertEquals(without.parameters(), with.parameters(), "same initial weights");
        Trainer.epoch(without, set(without), 8, 7, 0, null);
        Trainer.epoch(with, set(with), 8, 7, 0, null);
        assertNotEquals(without.parameters(), with.parameters());
        assertEquals(without.parameters().length(), with.parameters().length());
    }
}
