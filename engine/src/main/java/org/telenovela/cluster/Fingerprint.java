package org.telenovela.cluster;

import org.telenovela.scene.Episode;
import org.telenovela.scene.Production;

import java.util.Map;
import java.util.TreeMap;

/**
 * What decides an episode besides its seed: the SHA-256 of every model file and of the plot file, and the
 * director's settings. Two nodes with the same fingerprint play byte-identical episodes from the same seed.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static Map<String, String> of(Production production) {
        Map<String, String> f = new TreeMap<>();
        for (Episode.Player p : production.players()) {
            f.put("model of '" + p.id() + "'", p.modelSha256());
        }
        f.put("plot file", Production.sha256(production.cast().plotFile()));
        f.put("director settings", production.steering().toString());
        return f;
    }

    /** What decides a fine-tune besides the job itself: the corpus the worker reads. */
    public static Map<String, String> ofCorpus(String checksum) {
        return Map.of(CORPUS, checksum);
    }

    public static final String CORPUS = "corpus";

    /**
     * The first difference between a worker's fingerprint and the coordinator's, as a sentence; null: none. Only
     * what the coordinator's work depends on counts (a worker that can play and train says both).
     */
    public static String difference(Map<String, String> coordinator, Map<String, String> worker) {
        for (Map.Entry<String, String> e : new TreeMap<>(coordinator).entrySet()) {
            String theirs = worker.get(e.getKey());
            if (theirs == null) {
                return "the worker has no " + e.getKey() + (e.getKey().equals(CORPUS) ? "" : " (its cast's models could not be loaded)");
            }
            if (!theirs.equals(e.getValue())) {
                return e.getKey() + " differs: worker " + brief(theirs) + ", coordinator " + brief(e.getValue());
            }
        }
        return null;
    }

    private static String brief(String s) {
        return s.matches("[0-9a-f]{64}") ? "SHA-256 " + s.substring(0, 12) + "..." : s;
    }
}
