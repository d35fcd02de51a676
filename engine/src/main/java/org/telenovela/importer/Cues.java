package org.telenovela.importer;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Speaker names as Fountain cues: capitals, letters and a little punctuation, never the reserved cue. */
final class Cues {
    private static final Pattern NOT_IN_CUE = Pattern.compile("[^\\p{L}\\p{N} .'’-]");
    private static final Pattern HEADING_LIKE = Pattern.compile("^(INT|EXT|EST|INT\\./EXT|INT/EXT|I/E)[ .].*");

    /** Words in a speaker label that mark a narrator ("Latin lover narrator", "Voz del narrador"). */
    static final Set<String> NARRATOR_WORDS = Set.of("NARRATOR", "NARRADOR", "NARRADORA");

    private Cues() {
    }

    /** The cue for a speaker label, or empty when nothing usable is left of it. */
    static Optional<String> of(String label) {
        String cue = NOT_IN_CUE.matcher(label).replaceAll(" ").replaceAll("\\s+", " ").strip()
                .replaceAll("^[.'’-]+", "").strip().toUpperCase(Locale.ROOT);
        return cue.isEmpty() || cue.chars().noneMatch(Character::isLetter) ? Optional.empty() : Optional.of(cue);
    }

    /** The cue line as Fountain must write it: forced with {@code @} where it would read as something else. */
    static String fountainLine(String cue) {
        boolean plain = org.telenovela.corpus.Screenplay.isCue(cue) && !HEADING_LIKE.matcher(cue).matches();
        return plain ? cue : "@" + cue;
    }

    static boolean narratorLike(String cue) {
        for (String w : cue.split(" ")) {
            if (NARRATOR_WORDS.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
