package dev.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Health (with the broker check) and Prometheus metrics are exposed. */
class ActuatorEndpointsTests extends IngestIntegrationTest {

    @Test
    void shouldReportHealthWithTheBroker() throws Exception {
        // when
        HttpResponse<String> response = send(request(localBaseUrl() + "/actuator/health").GET().build());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JsonMapper.builder().build().readTree(response.body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/brokers").asInt()).isEqualTo(1);
    }

    @Test
    void shouldIncludeTheBrokerInReadiness() throws Exception {
        // when
        HttpResponse<String> response = send(request(localBaseUrl() + "/actuator/health/readiness").GET().build());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode readiness = JsonMapper.builder().build().readTree(response.body());
        assertThat(readiness.at("/components/kafka/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/readinessState/status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception {
        // when
        HttpResponse<String> response = send(request(localBaseUrl() + "/actuator/prometheus").GET().build());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("application=\"ingest-service\"");
    }

    @Test
    void shouldAnswerUnknownPathsWithProblemDetails() throws Exception {
        // when
        HttpResponse<String> response = send(request(localBaseUrl() + "/webhooks/nowhere").GET().build());

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(contentType(response)).startsWith("application/problem+json");
    }
}
