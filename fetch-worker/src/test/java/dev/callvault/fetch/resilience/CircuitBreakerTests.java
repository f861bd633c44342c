package dev.callvault.fetch.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The circuit breaker of a provider and tenant ({@code twilio:outage}; test settings: opens after 5 provider faults in
 * a row, half-opens after 2 s with one trial call): while open, fetches fail fast without a request and go to the retry
 * topics; after the wait a trial request goes through and its success closes the breaker.
 */
class CircuitBreakerTests extends FetchWorkerTestSupport {

    private static final String BREAKER = "twilio:" + OUTAGE_TENANT;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldOpenOnOutageFailFastWhileOpenAndCloseAfterSuccessfulTrial() throws Exception {
        // given: the provider answers 503 to the tenant's first recording until the test ends the outage
        String outageSid = newRecordingSid();
        String outagePath = twilioMediaPath(outageSid, "mp3");
        String scenario = answerUntilSwitched(outagePath, aResponse().withStatus(503), audio());
        CallEnded first = twilioCall(OUTAGE_TENANT, outageSid).build();

        // when: its fetch fails in place, then again on the first retry topic
        publish(Topics.CALL_ENDED, first.getRecordingId(), first);

        // then: the breaker opens after the fifth 503, and the sixth attempt is never sent
        await().atMost(OUTCOME_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> "OPEN".equals(breakerState()));
        PROVIDER.setScenarioState(scenario, SWITCHED);
        PROVIDER.verify(5, getRequestedFor(urlPathEqualTo(outagePath)));
        List<RecordingFetchFailed> firstFailures = awaitFailed(first.getRecordingId(), 2);
        assertThat(firstFailures).extracting(RecordingFetchFailed::getErrorCode)
                .startsWith("PROVIDER_UNAVAILABLE", "PROVIDER_CIRCUIT_OPEN");
        assertThat(firstFailures.get(1).getAttempts()).isEqualTo(5);

        // when: another recording of the tenant arrives while the breaker is open
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(audio()));
        CallEnded second = twilioCall(OUTAGE_TENANT, sid).build();
        publish(Topics.CALL_ENDED, second.getRecordingId(), second);

        // then: it fails fast without a request, handed to the retry topics
        RecordingFetchFailed failFast = awaitFailed(second.getRecordingId(), 1).getFirst();
        assertThat(failFast.getErrorCode()).isEqualTo("PROVIDER_CIRCUIT_OPEN");
        assertThat(failFast.getAttempts()).isZero();
        assertThat(failFast.getRetryable()).isTrue();
        assertThat(failFast.getNextAttemptAt()).isNotNull();
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(path)));

        // then: after the wait a trial goes through, succeeds and closes the breaker; both recordings are stored
        assertStoredByteForByte(second);
        assertStoredByteForByte(first);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)));
        PROVIDER.verify(6, getRequestedFor(urlPathEqualTo(outagePath)));
        await().atMost(OUTCOME_TIMEOUT).until(() -> "CLOSED".equals(breakerState()));
        String metrics = getFromWorker("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"" + BREAKER
                + "\"[^}]*state=\"closed\"[^}]*} 1\\.0");
        assertThat(metrics).containsPattern("resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"" + BREAKER
                + "\"");
        assertThat(metrics).containsPattern("callvault_fetch_outcomes_total\\{[^}]*code=\"PROVIDER_CIRCUIT_OPEN\""
                + "[^}]*outcome=\"retrying\"");
    }

    private String breakerState() throws Exception {
        return json.readTree(getFromWorker("/actuator/health").body())
                .at("/components/providerCircuits/details/" + BREAKER + "/state").asString();
    }
}
