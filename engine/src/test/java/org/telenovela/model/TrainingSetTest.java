package org.telenovela.model;

import org.junit.jupiter.api.Test;
import org.telenovela.corpus.MaskedText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Windows, and the streams a set that carries state deals them out as. */
class TrainingSetTest {
    private static final int WINDOW = 8;

    /** Texts of 3 to 60 characters; the third has no counted character, the fourth counts only its end. */
    private static List<MaskedText> texts() {
        List<MaskedText> out = new ArrayList<>();
        String[] lines = {"Ana: ¿dónde estabas?", "Bruno: en el puerto, esperándote toda la noche, mi amor.", "Eva: no.",
                "Ana: ¡mentira! Tu barco llegó ayer.", "Bruno: sí", "Eva: ¿y el testamento? ¿Quién lo firmó?", "Ana"};
        for (int i = 0; i < lines.length; i++) {
            MaskedText all = MaskedText.all(lines[i]);
            if (i == 2) {
                java.util.Arrays.fill(all.counts(), false);
            }
            if (i == 3) {
                java.util.Arrays.fill(all.counts(), 0, 25, false);
            }
            out.add(all);
        }
        return out;
    }

    /** The symbols a batch row reads, padding left out. */
    private static List<Integer> row(TrainingSet.Batch batch, int i) {
        var features = batch.data().getFeatures(0);
        var mask = batch.data().getFeaturesMaskArray(0);
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < features.size(2); s++) {
            if (mask.getFloat(i, s) > 0) {
                out.add((int) features.getFloat(i, 0, s));
            }
        }
        return out;
    }

    @Test
    void streamsReadTheTextsInOrderEachRowContinuingItsStreamsPreviousWindow() {
        Vocabulary v = Vocabulary.standard();
        TrainingSet set = TrainingSet.of(v, Beats.NONE, texts(), WINDOW, true);
        assertTrue(set.carriesState());
        // every window of each text with a counted character, including the fourth text's first windows (no counted
        // target, but their state goes on), none of the third text's
        int expected = 0;
        for (MaskedText t : texts()) {
            boolean any = false;
            for (boolean b : t.counts()) {
                any |= b;
            }
            expected += any ? (t.text().length() - 1 + WINDOW - 1) / WINDOW : 0;
        }
        assertEquals(expected, set.windows());

        for (long seed : new long[]{1, 2, 3}) {
            List<TrainingSet.Batch> batches = set.batches(3, seed);
            Map<Integer, StringBuilder> read = new HashMap<>(); // stream -> what it has read so far, texts split by |
            int windows = 0;
            for (TrainingSet.Batch batch : batches) {
                assertTrue(batch.continues().length <= 3);
                for (int i = 0; i < batch.continues().length; i++) {
                    windows++;
                    StringBuilder sb = read.computeIfAbsent(i, k -> new StringBuilder()); // row i is stream i
                    if (!batch.continues()[i] && sb.length() > 0) {
                        sb.append('|');
                    }
                    row(batch, i).forEach(id -> sb.append(v.piece(id)));
                }
            }
            assertEquals(set.windows(), windows, "every window once");
            // the streams, one after another, read whole texts less their last character (predicted, never read), a
            // text cut in two only where a stream ends
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < read.size(); i++) {
                all.append(i == 0 ? "" : "|").append(read.get(i));
            }
            List<String> wanted = new ArrayList<>();
            for (int i = 0; i < texts().size(); i++) {
                String t = texts().get(i).text();
                if (i != 2) {
                    wanted.add(t.substring(0, t.length() - 1));
                }
            }
            List<String> pieces = new ArrayList<>(List.of(all.toString().split("\\|")));
            for (int i = 0; i + 1 < pieces.size(); i++) {
                if (!wanted.contains(pieces.get(i)) && wanted.contains(pieces.get(i) + pieces.get(i + 1))) {
                    pieces.set(i, pieces.get(i) + pieces.remove(i + 1));
                }
            }
            assertEquals(wanted.stream().sorted().toList(), pieces.stream().sorted().toList());
            // every minibatch but the last is full
            for (int k = 0; k + 1 < batches.size(); k++) {
                assertEquals(3, batches.get(k).continues().length);
            }
        }
    }

    @Test
    void aSetThatDoesNotCarryStateKeepsOnlyWindowsWithACountedTargetAndNeverContinues() {
        TrainingSet set = TrainingSet.of(Vocabulary.standard(), Beats.NONE, texts(), WINDOW);
        assertFalse(set.carriesState());
        TrainingSet carrying = TrainingSet.of(Vocabulary.standard(), Beats.NONE, texts(), WINDOW, true);
        assertEquals(carrying.windows() - 3, set.windows(), "the fourth text's first three windows count nothing");
        for (TrainingSet.Batch batch : set.batches(4, 1)) {
            for (boolean c : batch.continues()) {
                assertFalse(c);
            }
        }
    }

    @Test
    void wholeTextWindowsReadEachTextInOneSequence() {
        TrainingSet set = TrainingSet.of(Vocabulary.standard(), Beats.NONE, texts(), Trainer.WHOLE_TEXT);
        assertEquals(texts().size() - 1, set.windows());
        assertEquals(55, set.longestWindow());
        assertEquals(55, set.inOrder(2).get(0).getFeatures(0).size(2), "as long as the longest window it holds");
    }
}
