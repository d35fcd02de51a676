package org.telenovela.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {
    private final Vocabulary v = Vocabulary.standard();

    @Test
    void roundTripsSpanishTextWithAccentsAndInvertedMarks() {
        String text = "¿Dónde está Begoña? ¡Qué pingüino! Ñandú — “sí”…\n";
        Vocabulary.Encoded e = v.encode(text);
        assertEquals(0, e.unknownCount());
        assertEquals(text, v.decode(e.ids(), 0, e.ids().length));
    }

    @Test
    void countsAndNamesCharactersOutsideTheVocabularyInsteadOfDroppingThemSilently() {
        Vocabulary.Encoded e = v.encode("Straße € ß");
        assertEquals(3, e.unknownCount());
        assertEquals(2, e.unknown().get('ß'));
        assertTrue(e.unknownSummary().contains("U+00DF"), e.unknownSummary());
        assertEquals("Strae  ", v.decode(e.ids(), 0, e.ids().length));
    }

    @Test
    void survivesTheRoundTripThroughItsSavedSymbols() {
        assertEquals(v, Vocabulary.of(v.symbols()));
        assertTrue(v.indexOf('ñ').isPresent());
        assertTrue(v.indexOf('\u4e2d').isEmpty());
        assertEquals(0, v.endOfLine());
    }
}
