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
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A database failure that passes is retried with back-off: the event is applied once, not dead-lettered. */
class TransientFailureTests extends IntegrationTestSupport {

    @Test
    void shouldRetryWhileDatabaseFailsAndApplyEventOnceItRecovers() {
        // given a database that fails every catalog transaction (the idempotency table is gone)
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(Provider.TWILIO, sid);
        CallEnded event = callEnded(uniqueTenant(), Provider.TWILIO, sid, Instant.parse("2026-01-20T10:00:00Z"))
                .build();
        jdbc.execute("ALTER TABLE processed_event RENAME TO processed_event_outage");
        try {
            // when an event arrives during the outage
            publish(Topics.CALL_ENDED, event);

            // then nothing is applied while it lasts
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> statusOf(recordingId) == null);
        } finally {
            jdbc.execute("ALTER TABLE processed_event_outage RENAME TO processed_event");
        }

        // and once the database is back, the retried event is applied exactly once and never dead-lettered
        awaitStatus(recordingId, "PENDING");
        assertThat(processedCount(event.getEventId())).isEqualTo(1);
        TopicReader reader = new TopicReader(SharedInfrastructure.kafka().bootstrapServers());
        assertThat(reader.readRaw(Topics.deadLetter(Topics.CALL_ENDED), recordingId.toString(),
                Duration.ofSeconds(2))).isEmpty();
    }
}
