package dev.callvault.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The worker's only HTTP surface: health (broker and object store checked) and Prometheus metrics. */
class ActuatorTests extends FetchWorkerTestSupport {

    @Test
    void shouldReportHealthOfBrokerAndObjectStore() throws Exception {
        // when
        HttpResponse<String> response = getFromWorker("/actuator/health");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).contains("json"));
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"objectStore\"")
                .contains("\"kafka\"").contains("\"providerCircuits\"").contains(BUCKET);
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception {
        // when
        HttpResponse<String> response = getFromWorker("/actuator/prometheus");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"fetch-worker\"");
    }

    @Test
    void shouldAnswerUnknownPathWithProblemDetail() throws Exception {
        // when
        HttpResponse<String> response = getFromWorker("/v1/nothing-here");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404");
    }

}
