package org.telenovela.output;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.telenovela.scene.SceneLog;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An episode at a glance (PNG): lines along the x axis, one row per speaker, a dot for every line, beat
 * boundaries as vertical lines, and a mark where each plot thread opens (up) and closes (down).
 */
public final class ArcChart {
    private ArcChart() {
    }

    public static void write(Episode e, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<SceneLog.Entry> lines = e.result().lines();
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Episode.Player p : e.players()) {
            rows.put(p.id(), rows.size());
        }
        XYChart chart = new XYChartBuilder().width(1000).height(160 + 40 * rows.size())
                .title(e.title() + " — " + e.plotTitle() + " (seed " + e.seed() + ", " + e.result().termination() + ")")
                .xAxisTitle("line").yAxisTitle("").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridLinesVisible(false);
        List<String> cues = new ArrayList<>();
        rows.keySet().forEach(id -> cues.add(e.player(id).cue()));
        chart.setCustomYAxisTickLabelsFormatter(y -> {
            long row = Math.round(y);
            return Math.abs(y - row) < 1e-6 && row >= 0 && row < cues.size() ? cues.get((int) row) : "";
        });
        for (Map.Entry<String, Integer> r : rows.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (SceneLog.Entry l : lines) {
                if (l.speaker().equals(r.getKey())) {
                    x.add((double) l.turn() + 1);
                    y.add((double) r.getValue());
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(e.player(r.getKey()).cue(), x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        double top = rows.size() - 0.5;
        String beat = null;
        for (SceneLog.Entry l : lines) {
            if (!l.beat().equals(beat)) {
                beat = l.beat();
                XYSeries b = chart.addSeries("beat " + beat, new double[]{l.turn() + 0.5, l.turn() + 0.5}, new double[]{-0.5, top});
                b.setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY).setShowInLegend(false);
            }
            for (String ev : l.threadEvents()) {
                boolean opens = ev.startsWith("opens:");
                XYSeries t = chart.addSeries(ev + " @" + l.turn(), new double[]{l.turn() + 1}, new double[]{top});
                t.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setShowInLegend(false);
                t.setMarker(opens ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN)
                        .setMarkerColor(opens ? new Color(200, 60, 60) : new Color(40, 140, 60));
            }
        }
        org.telenovela.AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
