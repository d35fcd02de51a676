package org.telenovela.model;

import org.telenovela.corpus.TrainingText;
import org.telenovela.corpus.MaskedText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BeatsTest {
    private final Beats beats = Beats.of(List.of("boda", "-", "amnesia", "boda", "a|b", ""), "-");

    @Test
    void keepsEachUsableCodeOnceSortedWithoutTheNoBeatCode() {
        assertEquals(List.of("amnesia", "boda"), beats.names());
        assertEquals(1, beats.indexOf("boda"));
        assertEquals(-1, beats.indexOf("-"));
        assertEquals(-1, beats.indexOf("unknown"));
    }

    @Test
    void eachCharacterAfterTheSeparatorBelongsToItsLinesBeatUpToTheNewline() {
        // a = amnesia (0), b = boda (1), . = none
        assertArrayEquals(beatsOf("boda|X: hi\namnesia|Y: ok\n"),
                expected("....1111111.......0000000"));
        // a code the model never saw, the no-beat code, and text with no code at all: no beat input
        String unknown = "otro|X: a\n-|Y: b\nno code\n";
        assertArrayEquals(beatsOf(unknown), expected(".".repeat(unknown.length())));
    }

    @Test
    void theReaderFindsTheBeatInTheTrainingTextsOwnPrefix() {
        Beats.Reader r = beats.reader();
        for (char c : org.telenovela.corpus.TrainingText.prefix("boda", "X").toCharArray()) {
            r.next(c);
        }
        assertEquals(1, r.next('h'), "the text after the prefix belongs to the prefix's beat");
    }

    @Test
    void aCopyReadsOnFromTheSamePlace() {
        Beats.Reader r = beats.reader();
        for (char c : "boda|X: h".toCharArray()) {
            r.next(c);
        }
        Beats.Reader copy = r.copy();
        assertEquals(r, copy);
        assertEquals(1, copy.next('i'));
        assertEquals(1, copy.next('\n'));
        assertEquals(-1, copy.next('a'));
        assertEquals(1, r.next('i'));
    }

    @Test
    void trainingWindowsThatStartMidLineStillCarryTheLinesBeat() {
        String text = "boda|X: una línea larga de la boda\namnesia|Y: otra\n";
        TrainingSet set = TrainingSet.of(Vocabulary.standard(), beats, List.of(MaskedText.all(text)), 16);
        var first = set.batches(8, 1).get(0).data();
        assertEquals(2, first.getFeatures().length, "a symbol input and a beat input");
        // the second window starts mid-line ("a larga de la boda"): its first step has the boda input on
        var beatInputs = set.inOrder(8).get(0).getFeatures(1);
        assertEquals(1f, beatInputs.getFloat(1, 0, 0));
        // the first window starts at the line's control code, where no beat is read yet ("no beat" is the last row)
        assertEquals(2f, beatInputs.getFloat(0, 0, 0));
    }

    private int[] beatsOf(String text) {
        Beats.Reader r = beats.reader();
        int[] out = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            out[i] = r.next(text.charAt(i));
        }
        return out;
    }

    private static int[] expected(String pattern) {
        int[] out = new int[pattern.length()];
        for (int i = 0; i < out.length; i++) {
            char c = pattern.charAt(i);
            out[i] = c == '.' ? -1 : c - '0';
        }
        return out;
    }
}
