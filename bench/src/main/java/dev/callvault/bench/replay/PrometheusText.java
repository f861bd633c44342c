package dev.callvault.bench.replay;

import java.util.Map;

/**
 * Reads samples from a Prometheus text exposition ({@code /actuator/prometheus}; format:
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
 */
public final class PrometheusText {

    private PrometheusText() {
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
}
