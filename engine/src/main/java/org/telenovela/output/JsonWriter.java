package org.telenovela.output;

import org.telenovela.scene.Episode;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.telenovela.scene.SceneLog;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes an episode as JSON: everything needed to check or replay it (seed, cast with model checksums, every
 * line with its beat, speaker, candidates, scores, chosen index and thread events, the termination reason).
 */
public final class JsonWriter {
    public static final String FORMAT = "telenovela-episode/1";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonWriter() {
    }

    public static ObjectNode toJson(Episode e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("title", e.title());
        root.put("castFile", e.castFile());
        root.put("plot", e.plotTitle());
        root.put("plotFile", e.plotFile());
        root.put("plotSha256", e.plotSha256());
        root.put("seed", e.seed());
        root.put("maxLines", e.maxLines());
        root.put("policy", e.policy());
        root.set("director", MAPPER.valueToTree(e.director()));
        root.put("termination", e.result().termination().name());
        root.put("detail", e.result().detail());
        root.set("beats", MAPPER.valueToTree(e.result().beatsPlayed()));
        root.set("openThreads", MAPPER.valueToTree(e.result().openThreads()));
        ArrayNode cast = root.putArray("cast");
        for (Episode.Player p : e.players()) {
            ObjectNode n = cast.addObject();
            n.put("id", p.id());
            n.put("role", p.role());
            n.put("cue", p.cue());
            n.put("name", p.name());
            n.put("model", p.modelFile());
            n.put("modelSha256", p.modelSha256());
        }
        ArrayNode lines = root.putArray("lines");
        for (SceneLog.Entry l : e.result().lines()) {
            ObjectNode n = lines.addObject();
            n.put("turn", l.turn());
            n.put("beat", l.beat());
            n.put("speaker", l.speaker());
            n.put("cue", l.cue());
            n.put("text", l.text());
            n.put("logProb", round(l.logProb()));
            n.put("modelSha256", e.player(l.speaker()).modelSha256());
            n.put("chosen", l.chosen());
            ArrayNode cands = n.putArray("candidates");
            for (SceneLog.Candidate c : l.candidates()) {
                ObjectNode cn = cands.addObject();
                cn.put("text", c.text());
                cn.put("logProb", round(c.logProb()));
                cn.put("score", round(c.score()));
                cn.put("truncated", c.truncated());
            }
            n.set("threadEvents", MAPPER.valueToTree(l.threadEvents()));
            n.set("audience", MAPPER.valueToTree(l.audience()));
        }
        return root;
    }

    public static void write(Episode e, Writer out) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        MAPPER.writer(pp).writeValue(out, toJson(e));
        out.write("\n");
        out.flush();
    }

    /** Six decimals are plenty and keep the text stable. */
    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
    }
}
