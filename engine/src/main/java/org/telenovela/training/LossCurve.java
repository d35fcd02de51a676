package org.telenovela.training;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.telenovela.AtomicFile;
import org.telenovela.model.ModelInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A loss-curve PNG per model, written next to the model file: training loss and held-out bits per epoch. */
public final class LossCurve {
    private LossCurve() {
    }

    public static void write(ModelInfo info, Path png) throws IOException {
        List<ModelInfo.Epoch> h = info.history();
        if (h.isEmpty()) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(640).height(400)
                .title(info.name() + " (" + info.spec().layers() + "x" + info.spec().hiddenSize() + ")")
                .xAxisTitle("epoch").yAxisTitle("bits per character").build();
        chart.getStyler().setYAxisDecimalPattern("0.00").setXAxisDecimalPattern("0");
        double[] x = h.stream().mapToDouble(ModelInfo.Epoch::epoch).toArray();
        chart.addSeries("training loss", x, h.stream().mapToDouble(e -> e.loss() / Math.log(2)).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        if (h.stream().allMatch(e -> e.heldOutBitsPerChar() != null)) {
            chart.addSeries("held-out", x, h.stream().mapToDouble(ModelInfo.Epoch::heldOutBitsPerChar).toArray())
                    .setMarker(SeriesMarkers.DIAMOND);
        }
        AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
