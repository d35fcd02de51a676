package org.telenovela.corpus;

import java.util.Arrays;

/** A training text and, per character, whether predicting that character counts in the loss. */
public record MaskedText(String text, boolean[] counts) {
    public static MaskedText all(String text) {
        boolean[] c = new boolean[text.length()];
        Arrays.fill(c, true);
        return new MaskedText(text, c);
    }
}
