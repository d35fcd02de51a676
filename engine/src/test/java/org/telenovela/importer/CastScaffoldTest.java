package org.telenovela.importer;

import org.telenovela.corpus.TrainingText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.InvalidInputException;
import org.telenovela.cast.CharacterSheet;
import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.Screenplay;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.training.CastTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastScaffoldTest {

    private static Corpus corpus(Path dir) throws IOException {
        Path c = Files.createDirectories(dir.resolve("corpus"));
        Importer.importAll(List.of(Fixtures.file("cafe.txt"), Fixtures.file("nocturno.srt")), c, new Importer.Options(false), false);
        return Corpus.read(c);
    }

    @Test
    void castsTheNarratorLikeCueAsNarratorAndTheRestMostLinesFirst(@TempDir Path dir) throws IOException {
        PlotTemplate plot = PlotTemplate.load(BringYourOwnScriptsTest.tinyPlot());
        CastScaffold.Plan plan = CastScaffold.plan(corpus(dir), plot, 0);
        assertEquals(List.of("heroine TADEO", "lover MARISOL", "narrator LATIN LOVER NARRATOR"),
                plan.cast().stream().map(m -> m.role() + " " + m.speaker().cue()).toList());
        assertEquals(List.of(new CastScaffold.Skipped(Screenplay.UNATTRIBUTED, "6 lines without a speaker: they train the base model only")),
                plan.skipped());
    }

    @Test
    void tooFewCharactersWithEnoughTextIsOneMessageListingWhoWasSkippedAndWhy(@TempDir Path dir) throws IOException {
        PlotTemplate plot = PlotTemplate.load(BringYourOwnScriptsTest.tinyPlot());
        Corpus corpus = corpus(dir);
        String e = assertThrows(InvalidInputException.class, () -> CastScaffold.plan(corpus, plot, 150)).getMessage();
        assertTrue(e.startsWith(corpus.folder() + ": plot 'Tiny arc' has 3 roles [heroine, lover, narrator] but only 2 characters have at least 150"), e);
        assertTrue(e.contains("LATIN LOVER NARRATOR: 72 characters of own lines in the training split, fewer than 150"), e);
        assertTrue(e.contains("UNATTRIBUTED: 6 lines without a speaker"), e);
    }

    @Test
    void idsAndNamesComeFromTheCue() {
        Set<String> taken = new HashSet<>();
        assertEquals("dona-lucha", CastScaffold.uniqueId("DOÑA LUCHA", taken));
        assertEquals("dona-lucha-2", CastScaffold.uniqueId("DOÑA LUCHA", taken));
        assertEquals("character-base", CastScaffold.uniqueId("BASE", taken), "never the base model's folder");
        assertEquals("María de la Luz", CastScaffold.displayName("MARÍA DE LA LUZ"));
    }

    @Test
    void unattributedLinesTrainTheBaseOnlyAndNoSheetMayClaimThem(@TempDir Path dir) throws IOException {
        List<Screenplay.Scene> scenes = Screenplay.parse("t", """
                .ESCENA

                UNATTRIBUTED
                Nadie sabe quién lo dijo.

                ANA
                Yo sí.
                """).scenes();
        assertEquals(0, TrainingText.ownChars(scenes, Screenplay.UNATTRIBUTED));
        assertTrue(TrainingText.texts(scenes, null).get(0).text().contains("-|UNATTRIBUTED: Nadie sabe"), "the base model learns them");
        Path sheet = Files.writeString(dir.resolve("character.yaml"), "name: Nadie\ncue: UNATTRIBUTED\nroles: [x]\nvoice: v\nrelationships: {}\n");
        String e = assertThrows(InvalidInputException.class, () -> CharacterSheet.load(sheet)).getMessage();
        assertTrue(e.contains("reserved cue of unattributed lines"), e);
    }
}
