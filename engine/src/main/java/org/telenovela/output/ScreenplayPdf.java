package org.telenovela.output;

import org.telenovela.scene.Episode;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.telenovela.AtomicFile;
import org.telenovela.scene.SceneLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The episode as a screenplay PDF in the standard layout: US Letter, Courier 12 (ten characters to the inch,
 * six lines to the inch), scene headings at 1.5", dialogue at 2.5" (3.5" wide), parentheticals at 3.1", cues at
 * 3.7", transitions flush right, page numbers from page two, a title page first. A dialogue block is never split
 * across pages.
 */
public final class ScreenplayPdf {
    private static final float INCH = 72f;
    private static final float LINE = 12f;
    private static final float TOP = 10f * INCH;      // first baseline: 1" from the top
    private static final int LINES_PER_PAGE = 54;     // 9" of text
    private static final PDFont COURIER = PDType1Font.COURIER;

    private record Row(float x, String text) {
    }

    private ScreenplayPdf() {
    }

    public static void write(Episode e, Path pdf) throws IOException {
        List<List<Row>> blocks = new ArrayList<>();
        String beat = null;
        int beatNo = 0;
        for (SceneLog.Entry l : e.result().lines()) {
            if (!l.beat().equals(beat)) {
                if (beat != null) {
                    blocks.add(List.of(new Row(7.5f * INCH - 8 * 7.2f, "CUT TO:"), new Row(0, "")));
                }
                beat = l.beat();
                beatNo++;
                blocks.add(List.of(new Row(1.5f * INCH, beatNo + " - " + beat.toUpperCase(Locale.ROOT).replace('-', ' ')), new Row(0, "")));
            }
            List<Row> block = new ArrayList<>();
            block.add(new Row(3.7f * INCH, l.cue()));
            FountainWriter.Spoken s = FountainWriter.Spoken.split(l.text());
            if (!s.parenthetical().isEmpty()) {
                wrap(s.parenthetical(), 25).forEach(t -> block.add(new Row(3.1f * INCH, t)));
            }
            wrap(s.dialogue(), 35).forEach(t -> block.add(new Row(2.5f * INCH, t)));
            block.add(new Row(0, ""));
            blocks.add(block);
        }
        try (PDDocument doc = new PDDocument()) {
            titlePage(doc, e);
            PDPageContentStream page = null;
            int line = LINES_PER_PAGE;
            int pageNo = 1;
            try {
                for (List<Row> block : blocks) {
                    if (line + block.size() > LINES_PER_PAGE) {
                        if (page != null) {
                            page.close();
                        }
                        PDPage p = new PDPage(PDRectangle.LETTER);
                        doc.addPage(p);
                        page = new PDPageContentStream(doc, p);
                        pageNo++;
                        text(page, 7.25f * INCH, 10.5f * INCH, pageNo + ".");
                        line = 0;
                    }
                    for (Row r : block) {
                        if (!r.text().isEmpty()) {
                            text(page, r.x(), TOP - line * LINE, r.text());
                        }
                        line++;
                    }
                }
            } finally {
                if (page != null) {
                    page.close();
                }
            }
            AtomicFile.write(pdf, doc::save);
        }
    }

    private static void titlePage(PDDocument doc, Episode e) throws IOException {
        PDPage p = new PDPage(PDRectangle.LETTER);
        doc.addPage(p);
        try (PDPageContentStream s = new PDPageContentStream(doc, p)) {
            centred(s, 7f * INCH, e.title().toUpperCase(Locale.ROOT));
            centred(s, 7f * INCH - 3 * LINE, "Written by");
            centred(s, 7f * INCH - 5 * LINE, "The Telenovela neural cast");
            text(s, 1.5f * INCH, 1.5f * INCH, e.plotTitle() + ", seed " + e.seed());
        }
    }

    private static void centred(PDPageContentStream s, float y, String t) throws IOException {
        float width = COURIER.getStringWidth(safe(t)) / 1000f * 12f;
        text(s, (PDRectangle.LETTER.getWidth() - width) / 2f, y, t);
    }

    private static void text(PDPageContentStream s, float x, float y, String t) throws IOException {
        s.beginText();
        s.setFont(COURIER, 12);
        s.newLineAtOffset(x, y);
        s.showText(safe(t));
        s.endText();
    }

    /** The standard Courier speaks WinAnsi: every character of the vocabulary is in it; anything else becomes '?'. */
    static String safe(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            try {
                COURIER.encode(String.valueOf(c));
                sb.append(c);
            } catch (IOException | IllegalArgumentException ex) {
                sb.append('?');
            }
        }
        return sb.toString();
    }

    /** Word wrap to a width in characters (Courier is monospaced). */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            while (word.length() > width) {
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }
}
