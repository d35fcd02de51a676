package org.telenovela.cast;

import org.telenovela.yaml.StrictYaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code characters/<id>/character.yaml}: who a character is. The {@code cue} is the name in capitals the
 * corpus uses as the Fountain character cue and the training control code ({@code beat|CUE: text}).
 */
public record CharacterSheet(String name, String cue, List<String> roles, String voice,
                             Map<String, String> relationships) {

    public static CharacterSheet load(Path file) {
        StrictYaml.Parsed<CharacterSheet> parsed = StrictYaml.read(file, CharacterSheet.class);
        CharacterSheet s = parsed.value();
        if (s.name() == null || s.name().isBlank()) {
            throw parsed.error("/name", "missing or empty 'name'");
        }
        if (s.cue() == null || s.cue().isBlank() || !s.cue().equals(s.cue().toUpperCase(java.util.Locale.ROOT))
                || s.cue().contains("|") || s.cue().contains(":")) {
            throw parsed.error("/cue", "'cue' must be the character's name in CAPITALS as the corpus writes it, without '|' or ':'");
        }
        if (s.cue().strip().equals(org.telenovela.corpus.Screenplay.UNATTRIBUTED)) {
            throw parsed.error("/cue", "'" + s.cue().strip() + "' is the reserved cue of unattributed lines, not a character");
        }
        return s;
    }
}
