package org.telenovela.importer;

import java.util.Locale;
import java.util.Set;

/**
 * Captions written in ALL CAPS, normalised to sentence case: lower case, then a capital at the start of each
 * sentence (after {@code ¿ ¡ " «} where they open it) and on words that are known speakers' names. Accents and
 * Spanish punctuation stay: {@code "¿DÓNDE ESTÁ?"} becomes {@code "¿Dónde está?"}. Text with any lower-case letter
 * is left as written.
 */
final class SentenceCase {
    private SentenceCase() {
    }

    static boolean allCaps(String text) {
        long upper = text.codePoints().filter(Character::isUpperCase).count();
        return upper >= 2 && text.codePoints().noneMatch(Character::isLowerCase);
    }

    static String apply(String text, Set<String> names) {
        if (!allCaps(text)) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        boolean sentenceStart = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetter(c) && sentenceStart) {
                sb.append(Character.toUpperCase(c));
                sentenceStart = false;
                continue;
            }
            sb.append(c);
            if (Character.isLetterOrDigit(c)) {
                sentenceStart = false;
            } else if ((c == '.' || c == '!' || c == '?' || c == '…')
                    && (i + 1 == lower.length() || Character.isWhitespace(lower.charAt(i + 1)))) {
                sentenceStart = true;
            }
        }
        return names.isEmpty() ? sb.toString() : capitaliseNames(sb.toString(), names);
    }

    /** Words equal (ignoring case) to a word of a known name get their capital back: "juan" -> "Juan". */
    private static String capitaliseNames(String text, Set<String> names) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (!Character.isLetter(text.charAt(i))) {
                out.append(text.charAt(i++));
                continue;
            }
            int j = i;
            while (j < text.length() && Character.isLetter(text.charAt(j))) {
                j++;
            }
            String word = text.substring(i, j);
            if (names.contains(word.toLowerCase(Locale.ROOT))) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            out.append(word);
            i = j;
        }
        return out.toString();
    }
}
