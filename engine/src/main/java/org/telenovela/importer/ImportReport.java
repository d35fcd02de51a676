package org.telenovela.importer;

import java.util.List;
import java.util.Map;

/**
 * What one import found: lines per speaker (cue -> lines, most first), unattributed lines, characters the model
 * vocabulary lacks (they would be left out of training) with counts, and the speaker labels that were skipped.
 *
 * @param source             the source file
 * @param output             the Fountain file written
 * @param format             the source's format
 * @param linesPerSpeaker    attributed lines by cue, most first
 * @param unattributedLines  lines with no known speaker (they train the base model only)
 * @param outsideVocabulary  characters outside {@link org.telenovela.model.Vocabulary#standard()}, with counts
 * @param skippedCues        speaker labels not used, with the reason
 */
public record ImportReport(String source, String output, SourceFormat format, Map<String, Integer> linesPerSpeaker,
                           int unattributedLines, Map<Character, Integer> outsideVocabulary,
                           List<SkippedCue> skippedCues) {

    public int lines() {
        return linesPerSpeaker.values().stream().mapToInt(Integer::intValue).sum() + unattributedLines;
    }

    /** The report as printed by {@code telenovela import}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("import: ").append(source).append(" (").append(format.description).append(") -> ").append(output)
                .append(": ").append(lines()).append(" lines\n");
        linesPerSpeaker.forEach((cue, n) -> sb.append(String.format("  %-24s %5d lines%n", cue, n)));
        sb.append(String.format("  %-24s %5d lines (base model only)%n", "(unattributed)", unattributedLines));
        if (!outsideVocabulary.isEmpty()) {
            sb.append("  outside the model vocabulary (left out of training): ");
            StringBuilder chars = new StringBuilder();
            outsideVocabulary.forEach((c, n) -> chars.append(chars.length() == 0 ? "" : ", ").append(n).append(" × ")
                    .append(String.format("'%s' (U+%04X)", c, (int) c)));
            sb.append(chars).append('\n');
        }
        for (SkippedCue s : skippedCues) {
            sb.append("  skipped cue '").append(s.cue()).append("' at line ").append(s.line()).append(": ")
                    .append(s.reason()).append('\n');
        }
        return sb.toString();
    }
}
