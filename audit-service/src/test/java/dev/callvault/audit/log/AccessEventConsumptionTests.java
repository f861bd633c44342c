package dev.callvault.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.AccessAction;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code RecordingAccessed} events, published for real on the shared broker, as rows and as the API shows them. */
class AccessEventConsumptionTests extends IntegrationTestSupport {

    @Test
    void shouldRecordAccessEventWithEveryField() {
        // given a signed URL issued to a dashboard user
        String tenant = uniqueTenant();
        UUID recordingId = uniqueRecordingId();
        Instant occurredAt = Instant.parse("2026-05-04T10:15:30.123Z");
        RecordingAccessed event = accessed(tenant, recordingId, "alice@example.com", occurredAt)
                .setAction(AccessAction.URL_ISSUED)
                .setHttpStatus(201)
                .setRequestedRange(null)
                .setUrlExpiresAt(Instant.parse("2026-05-04T11:15:30.123Z"))
                .build();

        // when playback-service reports it
        publish(Topics.RECORDING_ACCESSED, event);

        // then one row holds every field, stamped with the time it was recorded
        awaitAudited(event.getEventId());
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_event WHERE event_id = ?",
                event.getEventId());
        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        assertThat(row.get("recording_id")).isEqualTo(recordingId);
        assertThat(row.get("subject")).isEqualTo("alice@example.com");
        assertThat(row.get("action")).isEqualTo("URL_ISSUED");
        assertThat(row.get("requested_range")).isNull();
        assertThat(row.get("http_status")).isEqualTo(201);
        assertThat(row.get("client_address")).isEqualTo("203.0.113.7");
        assertThat(row.get("recorded_at")).isNotNull();

        // and the API answers it with the contract's fields
        HttpResponse<String> response = get("/v1/audit-events?recordingId=" + recordingId, auditor(tenant));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode page = body(response);
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("eventId").asString()).isEqualTo(event.getEventId().toString());
        assertThat(item.get("recordingId").asString()).isEqualTo(recordingId.toString());
        assertThat(item.get("subject").asString()).isEqualTo("alice@example.com");
        assertThat(item.get("action").asString()).isEqualTo("URL_ISSUED");
        assertThat(item.get("requestedRange").isNull()).isTrue();
        assertThat(item.get("httpStatus").asInt()).isEqualTo(201);
        assertThat(item.get("clientAddress").asString()).isEqualTo("203.0.113.7");
        assertThat(item.get("userAgent").asString()).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0");
        assertThat(Instant.parse(item.get("urlExpiresAt").asString()))
                .isEqualTo(Instant.parse("2026-05-04T11:15:30.123Z"));
        assertThat(Instant.parse(item.get("occurredAt").asString())).isEqualTo(occurredAt);
        assertThat(item.has("tenantId")).isFalse();
    }

    @Test
    void shouldRecordEventPublishedFiveTimesOnce() {
        // given one stream access published five times (producer retries, a replayed topic)
        String tenant = uniqueTenant();
        UUID recordingId = uniqueRecordingId();
        RecordingAccessed event = accessed(tenant, recordingId, "bob", Instant.parse("2026-05-05T08:00:00Z"))
                .build();
        for (int i = 0; i < 5; i++) {
            publish(Topics.RECORDING_ACCESSED, event);
        }

        // when a later access of the same recording (same key, so same partition, after the five) is recorded
        RecordingAccessed later = accessed(tenant, recordingId, "bob", Instant.parse("2026-05-05T08:00:05Z"))
                .setRequestedRange("bytes=32768-")
                .build();
        publish(Topics.RECORDING_ACCESSED, later);
        awaitAudited(later.getEventId());

        // then the five copies made exactly one row, and the API lists two events
        assertThat(auditRows(event.getEventId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_event WHERE recording_id = ?", recordingId)).isEqualTo(2);
        JsonNode page = body(get("/v1/audit-events?recordingId=" + recordingId, auditor(tenant)));
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
    }
}
