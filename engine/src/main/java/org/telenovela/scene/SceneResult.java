package org.telenovela.scene;

import java.util.List;

/**
 * How a scene ended.
 *
 * @param termination  the reason
 * @param detail       a sentence for people, naming what stayed open if anything did
 * @param lines        the scene log
 * @param openThreads  threads still open at the end (empty for {@link Termination#ARC_COMPLETE})
 * @param beatsPlayed  ids of the beats played, in order
 */
public record SceneResult(Termination termination, String detail, List<SceneLog.Entry> lines,
                          List<String> openThreads, List<String> beatsPlayed) {
}
