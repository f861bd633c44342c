package dev.callvault.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.audit.messaging.AuditConsumers;
import dev.callvault.events.AccessAction;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.platform.kafka.ConsumerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import dev.callvault.local.infra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code RecordingAccessed} events, published for real on the shared broker, as rows and as the API shows them, and
 * consumed a poll at a time: one transaction per batch, one row per event id.
 */
class AccessEventConsumptionTests extends IntegrationTestSupport {

    private static final Logger log = LoggerFactory.getLogger(AccessEventConsumptionTests.class);

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ConsumerProperties consumer;

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

    @Test
    void shouldRecordBurstOfTwoThousandEventsAsOneRowEachInFewTransactions() {
        // given 2,000 accesses of 40 recordings (so on every partition), published at once
        String tenant = uniqueTenant();
        List<UUID> recordings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            recordings.add(uniqueRecordingId());
        }
        Instant start = Instant.parse("2026-05-06T09:00:00Z");
        List<UUID> eventIds = new ArrayList<>();
        List<Map.Entry<String, ?>> burst = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            RecordingAccessed event = accessed(tenant, recordings.get(i % recordings.size()), "user-" + (i % 7),
                    start.plusMillis(i)).build();
            eventIds.add(event.getEventId());
            burst.add(keyed(event));
        }
        double recordedBefore = outcome("recorded");

        // when they reach the consumer
        long publishing = System.nanoTime();
        publishAtOnce(Topics.RECORDING_ACCESSED, burst);
        long published = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT count(*) FROM audit_event WHERE tenant_id = ?", tenant) >= 2_000);
        long recorded = System.nanoTime();

        // then there is exactly one row per event id
        assertThat(jdbc.queryForList("SELECT event_id FROM audit_event WHERE tenant_id = ?", UUID.class, tenant))
                .hasSize(2_000)
                .containsExactlyInAnyOrderElementsOf(eventIds);

        // and they were written by far fewer transactions than events: one per poll, of at most max.poll.records
        int transactions = auditTransactions(tenant);
        assertThat(transactions).isBetween(1, 100);
        assertThat(count("SELECT max(rows) FROM (SELECT count(*) AS rows FROM audit_event WHERE tenant_id = ?"
                + " GROUP BY xmin::text) AS per_transaction", tenant)).isLessThanOrEqualTo(consumer.batchSize());

        // and every one was counted as recorded
        assertThat(outcome("recorded") - recordedBefore).isEqualTo(2_000);
        log.info("burst of 2000 access events: published in {} ms, all recorded {} ms after publishing started"
                        + " ({} events/s) in {} transactions", (published - publishing) / 1_000_000,
                (recorded - publishing) / 1_000_000, Math.round(2_000 / ((recorded - publishing) / 1e9)),
                transactions);
    }

    @Test
    void shouldRecordEventDeliveredTwiceInOneBatchAndAgainInLaterBatchOnce() {
        // given an access event and another access of the same recording
        String tenant = uniqueTenant();
        UUID recordingId = uniqueRecordingId();
        RecordingAccessed event = accessed(tenant, recordingId, "carol", Instant.parse("2026-05-07T08:00:00Z"))
                .build();
        RecordingAccessed other = accessed(tenant, recordingId, "carol", Instant.parse("2026-05-07T08:00:01Z"))
                .build();
        double recordedBefore = outcome("recorded");
        double duplicatesBefore = outcome("duplicate");

        // when the first is published twice and the other once, at once (one producer batch, so one poll)
        publishAtOnce(Topics.RECORDING_ACCESSED, List.of(keyed(event), keyed(event), keyed(other)));
        awaitAudited(other.getEventId());

        // then the two copies made one row, written in the same transaction as the other event's
        assertThat(auditRows(event.getEventId())).isEqualTo(1);
        assertThat(auditTransactions(tenant)).isEqualTo(1);

        // when the first is delivered once more, in a later batch, followed by a third access
        publish(Topics.RECORDING_ACCESSED, event);
        RecordingAccessed later = accessed(tenant, recordingId, "carol", Instant.parse("2026-05-07T08:00:02Z"))
                .build();
        publish(Topics.RECORDING_ACCESSED, later);
        awaitAudited(later.getEventId());

        // then it still has one row, the recording has three, and the metrics saw three events and two copies
        assertThat(auditRows(event.getEventId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_event WHERE recording_id = ?", recordingId)).isEqualTo(3);
        assertThat(outcome("recorded") - recordedBefore).isEqualTo(3);
        assertThat(outcome("duplicate") - duplicatesBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRetryBatchWhileDatabaseFailsAndRecordEveryEventOnce() {
        // given a database that, for now, fails every insert of one tenant's accesses with SQLSTATE 40001 (a
        // serialization failure: one that may pass), counting the attempts in a sequence (not rolled back)
        String tenant = uniqueTenant();
        String name = "fail_" + UUID.randomUUID().toString().replace("-", "");
        JdbcTemplate owner = ownerJdbc();
        owner.execute("CREATE SEQUENCE " + name);
        // the trigger runs as the inserting role, the service's
        owner.execute("GRANT USAGE, SELECT ON SEQUENCE " + name + " TO " + PostgresServer.AUDIT_SERVICE_USER);
        owner.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.tenant_id = '" + tenant + "' THEN PERFORM nextval('" + name + "');"
                + " RAISE EXCEPTION 'simulated outage' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$");
        owner.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION "
                + name + "()");
        UUID recordingId = uniqueRecordingId();
        List<RecordingAccessed> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(accessed(tenant, recordingId, "dave", Instant.parse("2026-05-08T08:00:00Z").plusSeconds(i))
                    .build());
        }
        try {
            // when a batch arrives and fails at least twice before the database recovers
            publishAtOnce(Topics.RECORDING_ACCESSED, List.of(keyed(events.get(0)), keyed(events.get(1)),
                    keyed(events.get(2))));
            await().atMost(ASYNC_TIMEOUT).until(() -> attempts(name) >= 2);
        } finally {
            owner.execute("DROP TRIGGER " + name + " ON audit_event");
            owner.execute("DROP FUNCTION " + name + "()");
            owner.execute("DROP SEQUENCE " + name);
        }

        // then the retried batch records every event once, and nothing was dead-lettered
        events.forEach(event -> awaitAudited(event.getEventId()));
        assertThat(count("SELECT count(*) FROM audit_event WHERE tenant_id = ?", tenant)).isEqualTo(3);
        assertThat(SharedInfrastructure.topics().readRaw(Topics.deadLetter(Topics.RECORDING_ACCESSED),
                recordingId.toString(), Duration.ofSeconds(2))).isEmpty();
    }

    private long attempts(String sequence) {
        Long attempts = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence,
                Long.class);
        return attempts == null ? 0 : attempts;
    }

    /** The consumed-events counter of one outcome; 0 before its first event (counters are made on first use). */
    private double outcome(String outcome) {
        Counter counter = meters.find(AuditConsumers.EVENTS_METRIC).tag("type", "RecordingAccessed")
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
