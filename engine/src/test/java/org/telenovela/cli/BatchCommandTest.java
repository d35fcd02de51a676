package org.telenovela.cli;

import org.telenovela.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchCommandTest {
    @TempDir
    Path dir;


    private static CliRun.Result batch(Path out, String... extra) {
        String[] base = {"batch", TinyCast.cast().toString(), "--episodes", "6", "--out", out.toString(), "--seed", "3",
                "--format", "fountain,json,markdown"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.run(args);
    }

    @Test
    void parallelAndSequentialBatchesWriteTheSameFolder() throws IOException {
        CliRun.Result one = batch(dir.resolve("one"), "--parallel", "1");
        assertEquals(0, one.code(), one.err());
        CliRun.Result two = batch(dir.resolve("two"), "--parallel", "2");
        assertEquals(0, two.code(), two.err());
        Map<String, String> a = TinyCast.contents(dir.resolve("one"));
        assertEquals(6 * 3 + 1, a.size(), a.keySet().toString());
        assertEquals(a, TinyCast.contents(dir.resolve("two")));
        assertTrue(a.get("index.json").contains("\"termination\" : \"ARC_COMPLETE\""), a.get("index.json"));
        assertTrue(a.get("index.json").contains("\"judgeSpeaker\" : {"), a.get("index.json"));
    }

    @Test
    void anInterruptedBatchResumedGivesTheSameFolderWithoutRedoingFinishedEpisodes() throws IOException {
        assertEquals(0, batch(dir.resolve("whole")).code());
        Path cut = dir.resolve("cut");
        assertEquals(0, batch(cut).code());
        // as if killed: two episodes never written, a temp file left behind, no index yet
        for (String f : new String[]{"episode-0002.json", "episode-0004.fountain", "index.json"}) {
            Files.delete(cut.resolve(f));
        }
        Files.writeString(cut.resolve(".episode-0002.json12345.tmp"), "half");
        long untouched = Files.getLastModifiedTime(cut.resolve("episode-0001.json")).toMillis();
        CliRun.Result refused = batch(cut);
        assertEquals(2, refused.code(), "a non-empty folder needs --resume");
        assertEquals(0, batch(cut, "--resume").code());
        assertEquals(TinyCast.contents(dir.resolve("whole")), TinyCast.contents(cut));
        assertEquals(untouched, Files.getLastModifiedTime(cut.resolve("episode-0001.json")).toMillis(), "finished episodes are kept");
    }
}
