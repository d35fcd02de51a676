package org.telenovela.scene;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When a line closes a plot thread: it must be spoken in a beat that closes the thread and do that beat's
 * work, which the template states as cue words ("acepto", "boda"...). Matching ignores case and accents, so
 * "Recuerdo" and "recuerdo" and "RECUERDÓ" all count. A beat that runs {@link #EXTENSION} lines past its
 * planned length without such a line has the narrator close its threads.
 */
final class ThreadCloser {
    static final int EXTENSION = 3;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private ThreadCloser() {
    }

    static boolean doesTheWork(String line, List<String> cues) {
        if (cues.isEmpty()) {
            return true; // the template asks for nothing in particular: any line of the beat will do
        }
        String text = fold(line);
        for (String cue : cues) {
            if (Pattern.compile("(^|[^\\p{L}])" + Pattern.quote(fold(cue))).matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    static String fold(String s) {
        return MARKS.matcher(Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)).replaceAll("");
    }
}
