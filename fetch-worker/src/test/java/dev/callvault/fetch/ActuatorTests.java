package dev.callvault.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The worker's only HTTP surface: health (broker and object store checked) and Prometheus metrics. */
class ActuatorTests extends FetchWorkerTestSupport {

    @Value("${local.server.port}")
    private int port;

    @Test
    void shouldReportHealthOfBrokerAndObjectStore() throws Exception {
        // when
        HttpResponse<String> response = get("/actuator/health");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).contains("json"));
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"objectStore\"")
                .contains("\"kafka\"").contains(BUCKET);
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception {
        // when
        HttpResponse<String> response = get("/actuator/prometheus");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"fetch-worker\"");
    }

    @Test
    void shouldAnswerUnknownPathWithProblemDetail() throws Exception {
        // when
        HttpResponse<String> response = get("/v1/nothing-here");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404");
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
