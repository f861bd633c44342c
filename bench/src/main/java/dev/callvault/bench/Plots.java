package dev.callvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * PNG plots for the results file, drawn with XChart (org.knowm.xchart), 900 × 500 pixels.
 */
public final class Plots {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Plots() {
    }

    /**
     * A line chart: one line per series over the same x values (e.g. clients 1, 16, 64, 256).
     *
     * @param file   the PNG to write (its name should come from {@link BenchContext#plotName(String)})
     * @param title  chart title
     * @param xTitle x axis title, with its unit
     * @param yTitle y axis title, with its unit
     * @param x      x values, shared by every series
     * @param series series name to y values (same length as {@code x}), in legend order
     * @param logX   true for a logarithmic x axis (client counts 1…256)
     * @throws IOException if the file cannot be written
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, List<? extends Number> x,
                             Map<String, List<? extends Number>> series, boolean logX) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        chart.getStyler().setXAxisLogarithmic(logX);
        series.forEach((name, y) -> chart.addSeries(name, x, y));
        BitmapEncoder.saveBitmap(chart, withoutExtension(file), BitmapFormat.PNG);
    }

    /**
     * A grouped bar chart: one group per category (e.g. 1 MB, 100 MB), one bar per series in each group.
     *
     * @param file       the PNG to write
     * @param title      chart title
     * @param yTitle     y axis title, with its unit
     * @param categories category labels
     * @param series     series name to one value per category, in legend order
     * @throws IOException if the file cannot be written
     */
    public static void bars(Path file, String title, String yTitle, List<String> categories,
                            Map<String, List<? extends Number>> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        new LinkedHashMap<>(series).forEach((name, y) -> chart.addSeries(name, categories, y));
        BitmapEncoder.saveBitmap(chart, withoutExtension(file), BitmapFormat.PNG);
    }

    /** XChart appends the extension itself; the folder is created first (results go to a new one on a first run). */
    private static String withoutExtension(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        String name = file.toString();
        return name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    }
}
