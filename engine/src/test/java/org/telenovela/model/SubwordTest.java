package org.telenovela.model;

import org.telenovela.corpus.MaskedText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.corpus.Words;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubwordTest {
    private static final String TEXT = """
            inicio|ANA: ¿Bruno? ¿Eres tú de verdad? Volviste del mar.
            inicio|BRUNO: Sí, Ana. Volví por ti, mi amor, te lo juro.
            inicio|ANA: ¡Dios mío! Pensé que nunca volverías, Bruno.
            medio|BRUNO: Te lo juro, Ana, nunca te olvidé en el mar.
            medio|ANA: ¿Qué secreto, Bruno? Dime la verdad del barco.
            final|BRUNO: Escúchame, Ana: el barco no se hundió solo.
            """;
    private static Vocabulary vocabulary;
    private static CharacterModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void learnAndTrain() {
        vocabulary = SubwordLearner.learn(Vocabulary.standard(), List.of(TEXT.repeat(3)), 120);
        model = CharacterModel.create("bruno", new ModelSpec(1, 24, 16, 0.02, 3, 120), vocabulary,
                Beats.of(List.of("inicio", "medio", "final"), "-"));
        TrainingSet set = TrainingSet.of(vocabulary, model.beats(), List.of(MaskedText.all(TEXT.repeat(6))), 16);
        for (int e = 0; e < 4; e++) {
            Trainer.epoch(model, set, 8, 1, e, null);
        }
        model.setWords(Words.of(TEXT));
    }

    @Test
    void chunksKeepTheControlCodeApartAndWordsWithTheirSpace() {
        String line = "boda|PADRE TOMÁS: ¿Aceptas, hija?  Sí.\nfin";
        List<String> chunks = new ArrayList<>();
        for (int[] c : Vocabulary.chunks(line)) {
            chunks.add(line.substring(c[0], c[1]));
        }
        assertEquals(List.of("boda|", "PADRE TOMÁS: ", "¿", "Aceptas", ",", " hija", "?", " ", " Sí", ".", "\n", "fin"), chunks);
    }

    @Test
    void learnedPiecesAreLongerThanCharactersAndEncodingRoundTrips() {
        assertTrue(vocabulary.isSubword());
        assertTrue(vocabulary.size() > Vocabulary.standard().size() + 50, "merges were learned: " + vocabulary.size());
        String text = "medio|ANA: ¿Volviste, Bruno? Nunca te olvidé. €\n";
        Vocabulary.Encoded e = vocabulary.encode(text);
        assertEquals(text.replace(" €", " "), vocabulary.decode(e.ids(), 0, e.ids().length));
        assertEquals(1, e.unknownCount());
        assertTrue(e.ids().length < text.length() / 2, "pieces cover several characters: " + e.ids().length);
        for (int i = 0; i < e.ids().length; i++) {
            assertTrue(text.startsWith(vocabulary.piece(e.ids()[i]), e.starts()[i]), "piece " + i + " starts where it says");
        }
        assertTrue(vocabulary.isControl(e.ids()[0]), "the beat code is a piece of its own");
    }

    @Test
    void learningIsDeterministicAndTheMergesRebuildTheSameVocabulary() {
        Vocabulary again = SubwordLearner.learn(Vocabulary.standard(), List.of(TEXT.repeat(3)), 120);
        assertEquals(vocabulary.merges(), again.merges());
        assertEquals(vocabulary, Vocabulary.of(vocabulary.symbols(), vocabulary.merges()));
    }

    @Test
    void noPieceJoinsAWordToWhatFollowsIt() {
        for (int i = 0; i < vocabulary.size(); i++) {
            String p = vocabulary.piece(i);
            if (vocabulary.isControl(i)) {
                continue;
            }
            boolean letterSeen = false;
            for (int k = 0; k < p.length(); k++) {
                boolean letter = Character.isLetter(p.charAt(k));
                assertFalse(letterSeen && !letter, "piece '" + p + "' runs past the end of a word");
                letterSeen |= letter;
            }
        }
    }

    @Test
    void knownWordsRefuseMadeUpWordsAndWordsCutShort() {
        KnownWords known = new KnownWords(List.of("mar", "marea", "amor"));
        int s = known.after(KnownWords.OUTSIDE, "Mar");
        assertTrue(s >= 0, "a known word, whatever its case");
        assertTrue(known.after(s, ", ") == KnownWords.OUTSIDE, "a known word may end");
        int ma = known.after(KnownWords.OUTSIDE, " ma");
        assertEquals(KnownWords.REFUSED, known.after(ma, " "), "'ma' is only the start of a word");
        assertEquals(KnownWords.REFUSED, known.after(KnownWords.OUTSIDE, " amorcito"));
        assertTrue(known.after(ma, "rea") >= 0);
        assertEquals(KnownWords.OUTSIDE, known.after(KnownWords.OUTSIDE, "¿¡...!?"));
    }

    @Test
    void theWholeRowOfAllowedPiecesAgreesWithAskingPieceByPiece() {
        KnownWords known = new KnownWords(Words.of(TEXT));
        KnownWords.Pieces pieces = known.over(vocabulary);
        boolean[] row = new boolean[vocabulary.size()];
        int checked = 0;
        for (String prefix : List.of("", "B", "Br", "nu", "ver", "verdad", "juro", "Escúcha", "xq", "mar")) {
            int state = prefix.isEmpty() ? KnownWords.OUTSIDE : known.after(KnownWords.OUTSIDE, prefix);
            if (state == KnownWords.REFUSED) {
                continue;
            }
            pieces.allowedAfter(state, row);
            for (int k = 0; k < row.length; k++) {
                assertEquals(pieces.after(state, k) != KnownWords.REFUSED, row[k],
                        "after '" + prefix + "', piece '" + vocabulary.piece(k) + "'");
            }
            checked++;
        }
        assertTrue(checked >= 8, "states checked: " + checked);
    }

    @Test
    void sampledLinesAreMadeOfWordsTheModelWasTrainedOn() {
        SamplingSettings hot = new SamplingSettings(1.5, 0, 1.0, 80, 6);
        for (int seed = 0; seed < 5; seed++) {
            model.clearState();
            for (CharacterModel.SampledLine l : model.sample("medio|ANA: ", hot, new SplittableRandom(seed))) {
                for (String w : Words.of(l.text())) {
                    assertTrue(model.words().contains(w), "'" + w + "' in '" + l.text() + "'");
                }
                assertFalse(l.text().contains("|"), "no control code is ever said: " + l.text());
            }
        }
    }

    @Test
    void scoringASampledLineGivesTheLogProbabilityItWasSampledWith() {
        model.clearState();
        model.prime("inicio|ANA: ¿Bruno? ¿Eres tú de verdad?\n");
        SamplingSettings plain = new SamplingSettings(1.0, 0, 1.0, 80, 4);
        List<CharacterModel.SampledLine> lines = model.sample("medio|BRUNO: ", plain, new SplittableRandom(9));
        double[] lp = model.logProbOf("medio|BRUNO: ", lines.stream().map(CharacterModel.SampledLine::text).toList());
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).truncated()) {
                assertEquals(lines.get(i).logProb(), lp[i], 1e-6, "line " + i + ": " + lines.get(i).text());
            }
        }
    }

    @Test
    void bitsPerCharacterDivideByTheCharactersThePiecesCover() {
        TrainingSet held = TrainingSet.of(vocabulary, model.beats(), List.of(MaskedText.all(TEXT)), 16);
        assertTrue(held.targetSymbols() < held.targetChars());
        int first = vocabulary.piece(vocabulary.encode(TEXT).ids()[0]).length();
        assertEquals(TEXT.length() - first, held.targetChars(), "every character after the first piece is predicted once");
        double bpc = Trainer.bitsPerChar(model, held);
        assertTrue(bpc > 0 && bpc < 8, "bits per character: " + bpc);
    }

    @Test
    void aSubwordModelSavesItsMergesAndLoadsTheSameVocabulary() throws IOException {
        Path f = dir.resolve("m.zip");
        model.save(f);
        CharacterModel back = CharacterModel.load(f);
        assertEquals(vocabulary, back.vocabulary());
        assertEquals(model.info(), back.info());
        model.clearState();
        back.clearState();
        SamplingSettings plain = new SamplingSettings(0.8, 0, 0.95, 60, 3);
        List<CharacterModel.SampledLine> a = model.sample("final|ANA: ", plain, new SplittableRandom(3));
        List<CharacterModel.SampledLine> b = back.sample("final|ANA: ", plain, new SplittableRandom(3));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).text(), b.get(i).text());
        }
    }
}
