package org.telenovela.importer;

/**
 * A speaker label the importer saw but did not use, and why ("a label word, not a speaker", "no dialogue").
 *
 * @param cue    the label as written
 * @param line   1-based line in the source
 * @param reason why it was not taken
 */
public record SkippedCue(String cue, int line, String reason) {
}
