package org.telenovela.output;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.telenovela.scene.Episode;
import org.telenovela.scene.SceneLog;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An episode at a glance (PNG): lines along the x axis, one labelled row per cast member with a dot for every line
 * it speaks, each beat a band named at the top, and each plot thread's opening (up) and closing (down) marked and
 * named above the rows. Cast members take the Okabe-Ito colours, which stay distinct for colour-blind readers.
 */
public final class ArcChart {
    /** Okabe & Ito (2008), yellow last: it is the weakest on white. */
    static final Color[] PALETTE = {new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73), new Color(0x0072B2),
            new Color(0xD55E00), new Color(0xCC79A7), new Color(0x000000), new Color(0xF0E442)};
    private static final Color OPENS = new Color(0xD55E00);
    private static final Color CLOSES = new Color(0x009E73);

    private ArcChart() {
    }

    public static void write(Episode e, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        org.telenovela.AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart(e), out, BitmapEncoder.BitmapFormat.PNG));
    }

    static XYChart chart(Episode e) {
        List<SceneLog.Entry> lines = e.result().lines();
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Episode.Player p : e.players()) {
            rows.put(p.id(), rows.size());
        }
        int last = lines.isEmpty() ? 1 : lines.get(lines.size() - 1).turn() + 1;
        double threadsRow = rows.size() + 0.2;
        double beatsRow = rows.size() + 1.5;
        XYChart chart = new XYChartBuilder().width(Math.max(1000, 28 * last + 260)).height(250 + 48 * rows.size())
                .title(e.title() + " — " + e.plotTitle() + " (seed " + e.seed() + ", " + e.result().termination() + ")")
                .xAxisTitle("lines, in order").yAxisTitle("").build();
        var styler = chart.getStyler();
        styler.setXAxisDecimalPattern("0");
        styler.setLegendVisible(false);
        styler.setPlotGridLinesVisible(false);
        styler.setYAxisTicksVisible(false);
        styler.setYAxisMin(-0.6);
        styler.setYAxisMax(beatsRow + 0.4);
        styler.setXAxisMin(-0.5 - last * 0.12);
        styler.setXAxisMax(last + 0.8);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAnnotationTextFontColor(Color.DARK_GRAY);
        // the axis starts left of line 1 to make room for the row names, so its numbers would start below zero; a
        // tick formatter that blanks them sends XChart 3.8.8's tick layout into an endless loop (seen here): no ticks
        styler.setXAxisTicksVisible(false);

        // beat bands: a line at each boundary, the beat's name over the middle of its band
        String beat = null;
        double from = 0.5;
        List<double[]> bands = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SceneLog.Entry l : lines) {
            if (!l.beat().equals(beat)) {
                if (beat != null) {
                    bands.add(new double[]{from, l.turn() + 0.5});
                    names.add(beat);
                }
                beat = l.beat();
                from = l.turn() + 0.5;
                chart.addAnnotation(new AnnotationLine(from, true, false));
            }
        }
        if (beat != null) {
            bands.add(new double[]{from, last + 0.5});
            names.add(beat);
        }
        for (int i = 0; i < bands.size(); i++) {
            double mid = (bands.get(i)[0] + bands.get(i)[1]) / 2;
            chart.addAnnotation(new AnnotationText(names.get(i), mid, beatsRow - (i % 2) * 0.3, false));
        }

        // one row per cast member, named at the left, a dot per line in the member's colour
        for (Map.Entry<String, Integer> r : rows.entrySet()) {
            String cue = e.player(r.getKey()).cue();
            chart.addAnnotation(new AnnotationText(cue, -0.5 - last * 0.06, r.getValue(), false));
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (SceneLog.Entry l : lines) {
                if (l.speaker().equals(r.getKey())) {
                    x.add((double) l.turn() + 1);
                    y.add((double) r.getValue());
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(cue, x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(PALETTE[r.getValue() % PALETTE.length]);
            }
        }

        // thread events above the rows, named; labels alternate between two heights so neighbours do not overlap
        int shown = 0;
        for (SceneLog.Entry l : lines) {
            for (int i = 0; i < l.threadEvents().size(); i++) {
                org.telenovela.scene.ThreadEvent ev = l.threadEvents().get(i);
                boolean opens = ev.opens();
                String thread = ev.thread();
                double x = l.turn() + 1;
                XYSeries t = chart.addSeries(ev.code() + " @" + l.turn(), new double[]{x}, new double[]{threadsRow});
                t.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                t.setMarker(opens ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN).setMarkerColor(opens ? OPENS : CLOSES);
                chart.addAnnotation(new AnnotationText((opens ? "opens " : "closes ") + thread, x, threadsRow + 0.3 + 0.3 * (shown++ % 2), false));
            }
        }
        return chart;
    }
}
