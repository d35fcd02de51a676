package org.telenovela.cli;

import org.telenovela.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    @Test
    void printsAFountainSceneAndTheSameSeedPrintsTheSameBytes() {
        String cast = TinyCast.cast().toString();
        CliRun.Result a = CliRun.run("run", cast, "--seed", "5");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().startsWith("Title: Tiny scene\n"), a.out());
        assertTrue(a.out().contains("# inicio\n"), a.out());
        assertTrue(a.out().contains("\nNARRADOR\n"), a.out());
        assertTrue(a.err().contains("ARC_COMPLETE"), a.err());
        assertEquals(a.out(), CliRun.run("run", cast, "--seed", "5").out());
        assertNotEquals(a.out(), CliRun.run("run", cast, "--seed", "6").out());
    }

    @Test
    void jsonCarriesEveryLineWithSpeakerBeatChecksumAndLogProbability(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("scene.json");
        CliRun.Result r = CliRun.run("run", TinyCast.cast().toString(), "--format", "json", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals("ARC_COMPLETE", json.get("termination").asText());
        assertEquals(7, json.get("seed").asLong());
        JsonNode first = json.get("lines").get(0);
        assertEquals("inicio", first.get("beat").asText());
        assertEquals(64, first.get("modelSha256").asText().length());
        assertTrue(first.get("logProb").asDouble() < 0);
        assertEquals(3, first.get("candidates").size());
    }

    @Test
    void writesAScreenplayPdfAndAnArcChartOnRequest(@TempDir Path dir) throws IOException {
        Path pdf = dir.resolve("scene.pdf");
        Path png = dir.resolve("arc.png");
        CliRun.Result r = CliRun.run("run", TinyCast.cast().toString(), "--pdf", pdf.toString(), "--chart", png.toString());
        assertEquals(0, r.code(), r.err());
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.pdmodel.PDDocument.load(pdf.toFile())) {
            assertTrue(doc.getNumberOfPages() >= 2, "a title page and the scene");
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains("TINY SCENE"), text);
            assertTrue(text.contains("1 - INICIO"), text);
            assertTrue(text.contains("NARRADOR"), text);
            assertTrue(text.contains("CUT TO:"), text);
        }
        assertTrue(Files.size(png) > 1000);
        assertTrue(new String(Files.readAllBytes(png), 1, 3, java.nio.charset.StandardCharsets.US_ASCII).equals("PNG"));
    }

    @Test
    void markdownIsAvailableToo() {
        CliRun.Result r = CliRun.run("run", TinyCast.cast().toString(), "--format", "markdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("# Tiny scene"), r.out());
        assertTrue(r.out().contains("**NARRADOR**"), r.out());
    }

    @Test
    void aBrokenCastIsOneLineNamingTheFileExitTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Path cast = dir.resolve("cast.yaml");
        Files.writeString(cast, "title: Roto\nplot: [\n");
        Path out = dir.resolve("never.fountain");
        CliRun.Result r = CliRun.run("run", cast.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("telenovela: " + cast), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out));
    }

    @Test
    void badFlagsExitTwoWithAMessage() {
        CliRun.Result unknown = CliRun.run("run", TinyCast.cast().toString(), "--colour");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--colour"), unknown.err());
        CliRun.Result range = CliRun.run("run", TinyCast.cast().toString(), "--max-lines", "0");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("--max-lines"), range.err());
        CliRun.Result format = CliRun.run("run", TinyCast.cast().toString(), "--format", "pdf");
        assertEquals(2, format.code());
    }

    @Test
    void helpShowsDefaultsAndVersionPrints() {
        CliRun.Result help = CliRun.run("run", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Default: fountain"), help.out());
        CliRun.Result version = CliRun.run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("telenovela "), version.out());
    }
}
