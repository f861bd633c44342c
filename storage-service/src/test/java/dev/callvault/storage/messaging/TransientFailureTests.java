package dev.callvault.storage.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import dev.callvault.storage.IntegrationTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A database failure is retried with back-off for as long as it lasts, with the {@code consumers} health component
 * DOWN meanwhile: the event is applied once afterwards, never dead-lettered (issue 14, item 11: a record used to be
 * dead-lettered once {@code retry-max-elapsed} had passed, 5 minutes by default and 20 s in this suite).
 */
class TransientFailureTests extends IntegrationTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldRetryForAsLongAsTheDatabaseFailsAndApplyTheEventOnceItRecovers() throws Exception {
        // given a database that fails every catalog transaction (the idempotency table is gone)
        String sid = uniqueRecordingSid();
        String tenant = uniqueTenant();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        CallEnded event = callEnded(tenant, Provider.TWILIO, sid, Instant.parse("2026-01-20T10:00:00Z"))
                .build();
        jdbc.execute("ALTER TABLE processed_event RENAME TO processed_event_outage");
        try {
            // when an event arrives during an outage of 25 s (longer than this suite's former 20 s retry limit)
            publish(Topics.CALL_ENDED, event);

            // then the consumers' health is DOWN while it lasts, and nothing is applied
            await().atMost(Duration.ofSeconds(20)).until(() -> consumersStatus().equals("DOWN"));
            assertThat(health().path("components").path("consumers").path("details").path("retrying")
                    .propertyNames()).anyMatch(consumer -> consumer.startsWith("catalog@"));
            await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(30))
                    .until(() -> statusOf(recordingId) == null);
        } finally {
            jdbc.execute("ALTER TABLE processed_event_outage RENAME TO processed_event");
        }

        // and once the database is back, the retried event is applied exactly once and never dead-lettered
        awaitStatus(recordingId, "PENDING");
        assertThat(processedCount(event.getEventId())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumersStatus().equals("UP"));
        TopicReader reader = new TopicReader(SharedInfrastructure.kafka().bootstrapServers());
        assertThat(reader.readRaw(Topics.deadLetter(Topics.CALL_ENDED), recordingId.toString(),
                Duration.ofSeconds(2))).isEmpty();
    }

    private String consumersStatus() throws Exception {
        return health().path("components").path("consumers").path("status").asString();
    }

    private JsonNode health() throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body);
    }
}
