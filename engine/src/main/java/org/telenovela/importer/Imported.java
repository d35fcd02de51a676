package org.telenovela.importer;

import org.telenovela.corpus.Screenplay;

import java.util.List;

/** What a reader made of a source: the script, and the speaker labels it did not use. */
record Imported(Screenplay screenplay, List<SkippedCue> skipped) {
}
