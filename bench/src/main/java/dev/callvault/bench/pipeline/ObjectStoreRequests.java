package dev.callvault.bench.pipeline;

import dev.callvault.bench.replay.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The requests fetch-worker's client sent to the object store, as fetch-worker counts them: Prometheus counter
 * {@value #METRIC} of its {@code /actuator/prometheus} (platform {@code ObjectStoreRequestMetrics}: tags
 * {@code operation} = {@code head|list|get|put|copy|post|delete}, {@code method}, {@code outcome} =
 * {@code SUCCESS|REDIRECTION|CLIENT_ERROR|SERVER_ERROR|IO_ERROR}). Scraped before and after a phase, the difference
 * is what the phase cost the store.
 */
final class ObjectStoreRequests {

    /** The counter, as Micrometer's Prometheus registry names {@code callvault.object_store.requests}. */
    static final String METRIC = "callvault_object_store_requests_total";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String metricsUrl;

    /**
     * One series of the counter.
     *
     * @param operation the S3 operation ({@code head}, {@code put}, ...)
     * @param method    the HTTP method
     * @param outcome   the answer's class ({@code SUCCESS}, {@code CLIENT_ERROR} for a HEAD of a missing key, ...)
     */
    record Series(String operation, String method, String outcome) {

        static final Comparator<Series> ORDER = Comparator.comparing(Series::operation)
                .thenComparing(Series::method).thenComparing(Series::outcome);
    }

    /**
     * A reading of every series.
     *
     * @param counts requests so far (since fetch-worker started) per series
     */
    record Reading(Map<Series, Double> counts) {

        /**
         * @param before an earlier reading of the same fetch-worker process
         * @return requests per series between the two readings (series absent before count from 0), in
         *         operation, method, outcome order; series without a request in between are left out
         */
        Map<Series, Long> since(Reading before) {
            Set<Series> series = new HashSet<>(counts.keySet());
            series.addAll(before.counts.keySet());
            Map<Series, Long> delta = new TreeMap<>(Series.ORDER);
            for (Series s : series) {
                long requests = Math.round(counts.getOrDefault(s, 0.0) - before.counts.getOrDefault(s, 0.0));
                if (requests != 0) {
                    delta.put(s, requests);
                }
            }
            return delta;
        }
    }

    /**
     * @param fetchWorkerUrl fetch-worker's base URL ({@code fetch-worker.url} of the stack's addresses; its actuator
     *                       is on the same port)
     */
    ObjectStoreRequests(String fetchWorkerUrl) {
        this.metricsUrl = fetchWorkerUrl + "/actuator/prometheus";
    }

    /**
     * @return the counter's series now (none before fetch-worker's first request to the store: Micrometer registers
     *         a series on its first increment)
     * @throws IllegalStateException if fetch-worker does not answer 200
     */
    Reading read() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + metricsUrl + " answered " + response.statusCode());
            }
            List<PrometheusText.Sample> samples = PrometheusText.samples(response.body(), METRIC);
            Map<Series, Double> counts = new TreeMap<>(Series.ORDER);
            for (PrometheusText.Sample sample : samples) {
                Series series = new Series(sample.labels().getOrDefault("operation", "?"),
                        sample.labels().getOrDefault("method", "?"), sample.labels().getOrDefault("outcome", "?"));
                counts.merge(series, sample.value(), Double::sum);
            }
            return new Reading(counts);
        } catch (IOException e) {
            throw new UncheckedIOException("fetch-worker's metrics did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
