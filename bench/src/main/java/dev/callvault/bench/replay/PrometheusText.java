package dev.callvault.bench.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads samples from a Prometheus text exposition ({@code /actuator/prometheus}; format:
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * One sample of a metric.
     *
     * @param labels its labels, in the exposition's order
     * @param value  its value
     */
    public record Sample(Map<String, String> labels, double value) {
    }

    /**
     * Every sample of one metric with its labels, e.g. each {@code (operation, method, outcome)} series of
     * {@code callvault_object_store_requests_total}.
     *
     * @param exposition the text
     * @param metric     the sample name
     * @return the samples, in the exposition's order (empty when the metric is absent)
     * @throws NumberFormatException if a sample's value is not a number
     */
    public static List<Sample> samples(String exposition, String metric) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            Map<String, String> labels = new LinkedHashMap<>();
            if (rest.startsWith("{")) {
                int end = parseLabels(rest, labels);
                rest = rest.substring(end + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // another metric sharing the prefix
            }
            samples.add(new Sample(labels, Double.parseDouble(rest.trim().split("\\s+")[0])));
        }
        return samples;
    }

    /**
     * Sums the samples of one metric whose labels include all the given ones, e.g. every
     * {@code callvault_fetch_outcomes_total} sample with {@code outcome="stored"}, whatever its provider.
     *
     * @param exposition the text
     * @param metric     the sample name, e.g. {@code callvault_fetch_outcomes_total}
     * @param labels     label names and values every counted sample must have
     * @return the sum, 0 when no sample matches
     * @throws NumberFormatException if a matching sample's value is not a number
     */
    public static double sum(String exposition, String metric, Map<String, String> labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            String labelText = "";
            if (rest.startsWith("{")) {
                int end = rest.indexOf('}');
                labelText = rest.substring(1, end);
                rest = rest.substring(end + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // another metric sharing the prefix
            }
            String sampleLabels = labelText;
            boolean matches = labels.entrySet().stream()
                    .allMatch(label -> hasLabel(sampleLabels, label.getKey(), label.getValue()));
            if (matches) {
                sum += Double.parseDouble(rest.trim().split("\\s+")[0]);
            }
        }
        return sum;
    }

    private static boolean hasLabel(String labelText, String name, String value) {
        String pair = name + "=\"" + value + "\"";
        return labelText.startsWith(pair) && (labelText.length() == pair.length() || labelText.charAt(pair.length()) == ',')
                || labelText.contains("," + pair + ",") || labelText.endsWith("," + pair);
    }

    /**
     * Reads a label set, {@code name="value",...} between braces (a value may escape a backslash, a quote or a line
     * feed with a backslash), into {@code labels}.
     *
     * @return the index of the closing brace
     */
    private static int parseLabels(String text, Map<String, String> labels) {
        int i = 1;
        while (i < text.length() && text.charAt(i) != '}') {
            int equals = text.indexOf('=', i);
            String name = text.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            int j = equals + 2; // past ="
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            }
        }
        return i;
    }
}
