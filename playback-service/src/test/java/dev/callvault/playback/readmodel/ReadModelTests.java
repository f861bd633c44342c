package dev.callvault.playback.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.DeletionReason;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.playback.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Lifecycle events into the read model: transitions, idempotency, and the availability API. */
class ReadModelTests extends IntegrationTestSupport {

    private static final Instant ENDED = Instant.parse("2026-03-01T09:00:00Z");

    private static RecordingFetchFailed failed(String tenant, String sid) {
        return RecordingFetchFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenant)
                .setRecordingId(RecordingIds.of(tenant, Provider.TWILIO, sid))
                .setProvider(Provider.TWILIO)
                .setReason("provider answered 503")
                .setErrorCode("PROVIDER_UNAVAILABLE")
                .setHttpStatus(503)
                .setRetryable(true)
                .setAttempts(3)
                .build();
    }

    private static RecordingDeleted deleted(String tenant, UUID recordingId) {
        return RecordingDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenant)
                .setRecordingId(recordingId)
                .setReason(DeletionReason.RETENTION)
                .build();
    }

    @Test
    void shouldMoveFromPendingToFailedToAvailableAndIgnoreLaterFailure() {
        // given a call that ended
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID id = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(callEnded(tenant, sid, ENDED).build());
        awaitStatus(id, "PENDING");

        // when a fetch fails, then the object is stored, then another failure arrives
        RecordingFetchFailed failure = failed(tenant, sid);
        publish(failure);
        awaitStatus(id, "FAILED");
        byte[] bytes = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        publish(recordingStored(tenant, sid, ENDED, tenant + "/k/" + id + ".mp3", bytes.length,
                AudioFixtures.sha256Hex(bytes), "audio/mpeg").build());
        awaitStatus(id, "AVAILABLE");
        RecordingFetchFailed late = failed(tenant, sid);
        publish(late);
        await().atMost(ASYNC_TIMEOUT).until(() -> processedCount(late.getEventId()) == 1);

        // then AVAILABLE stays, with the object's facts
        assertThat(statusOf(id)).isEqualTo("AVAILABLE");
        assertThat(jdbc.queryForObject("SELECT size_bytes FROM recording WHERE id = ?", Long.class, id))
                .isEqualTo(bytes.length);
        assertThat(jdbc.queryForObject("SELECT content_type FROM recording WHERE id = ?", String.class, id))
                .isEqualTo("audio/mpeg");
    }

    @Test
    void shouldLeaveAvailableOnlyByDeletionAndStayDeleted() {
        // given an available recording
        String tenant = uniqueTenant();
        StoredRecording recording = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // when it is deleted and a stale RecordingStored is replayed afterwards
        publish(deleted(tenant, recording.id()));
        awaitStatus(recording.id(), "DELETED");
        RecordingStored replay = RecordingStored.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenant)
                .setRecordingId(recording.id())
                .setProvider(Provider.TWILIO)
                .setBucket(BUCKET)
                .setObjectKey(recording.objectKey())
                .setContentType("audio/mpeg")
                .setSizeBytes(recording.bytes().length)
                .setSha256(recording.sha256())
                .build();
        publish(replay);
        await().atMost(ASYNC_TIMEOUT).until(() -> processedCount(replay.getEventId()) == 1);

        // then it stays DELETED
        assertThat(statusOf(recording.id())).isEqualTo("DELETED");
    }

    @Test
    void shouldApplyRedeliveredEventOnce() {
        // given a stored event delivered twice (same event id)
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID id = RecordingIds.of(tenant, Provider.TWILIO, sid);
        RecordingFetchFailed failure = failed(tenant, sid);

        // when
        publish(failure);
        publish(failure);
        awaitStatus(id, "FAILED");
        publish(callEnded(tenant, sid, ENDED).setRecordingAvailable(false).build());
        await().atMost(ASYNC_TIMEOUT).until(() -> jdbc.queryForObject(
                "SELECT call_ended_at IS NOT NULL FROM recording WHERE id = ?", Boolean.class, id));

        // then one processed_event row; FAILED is kept (UNAVAILABLE only replaces PENDING)
        assertThat(processedCount(failure.getEventId())).isEqualTo(1);
        assertThat(statusOf(id)).isEqualTo("FAILED");
    }

    @Test
    void shouldAnswerAvailabilityToOwnerOnlyAndRequireReadScope() {
        // given an available recording and a pending one
        String tenant = uniqueTenant();
        StoredRecording available = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = uniqueRecordingSid();
        UUID pending = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(callEnded(tenant, sid, ENDED).build());
        awaitStatus(pending, "PENDING");
        String reader = token(tenant, "recordings:read");

        // when
        HttpResponse<String> ok = get("/v1/recordings/" + available.id() + "/availability", reader);
        HttpResponse<String> notYet = get("/v1/recordings/" + pending + "/availability", reader);
        HttpResponse<String> otherTenant = get("/v1/recordings/" + available.id() + "/availability",
                token(uniqueTenant(), "recordings:read"));
        HttpResponse<String> noScope = get("/v1/recordings/" + available.id() + "/availability",
                token(tenant, "audit:read"));
        HttpResponse<String> noToken = get("/v1/recordings/" + available.id() + "/availability", null);

        // then
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = body(ok);
        assertThat(body.get("available").asBoolean()).isTrue();
        assertThat(body.get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(Instant.parse(body.get("lastFetchedAt").asString())).isEqualTo(available.storedAt());
        assertThat(body(notYet).get("available").asBoolean()).isFalse();
        assertThat(body(notYet).get("status").asString()).isEqualTo("PENDING");
        assertThat(body(notYet).get("lastFetchedAt").isNull()).isTrue();
        assertThat(otherTenant.statusCode()).isEqualTo(404);
        assertThat(otherTenant.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldStayPendingWhileAFailedFetchWillBeRetriedAndFailOnlyWhenGivenUp() {
        // given a call that ended
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID id = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(callEnded(tenant, sid, ENDED).build());
        awaitStatus(id, "PENDING");

        // when a fetch attempt fails and fetch-worker schedules the next one
        Instant attempted = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RecordingFetchFailed retrying = RecordingFetchFailed.newBuilder(failed(tenant, sid))
                .setOccurredAt(attempted).setNextAttemptAt(attempted.plusSeconds(30)).build();
        publish(retrying);
        await().atMost(ASYNC_TIMEOUT).until(() -> processedCount(retrying.getEventId()) == 1);

        // then it is still PENDING: CallVault will try again, a dashboard must not show an error
        assertThat(statusOf(id)).isEqualTo("PENDING");

        // and when the final failure follows, it is FAILED
        publish(RecordingFetchFailed.newBuilder(failed(tenant, sid)).setOccurredAt(attempted.plusSeconds(30))
                .build());
        awaitStatus(id, "FAILED");
    }

    @Test
    void shouldNeverServeAnotherTenantsObjectThroughAForgedRecordingStored() {
        // given tenant A's pending call
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID id = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(callEnded(tenant, sid, ENDED).build());
        awaitStatus(id, "PENDING");

        // when a RecordingStored names an object in tenant B's part of the bucket, then one naming another bucket
        byte[] bytes = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        RecordingStored forgedKey = recordingStored(tenant, sid, ENDED, uniqueTenant() + "/2026/01/01/" + id + ".mp3",
                bytes.length, AudioFixtures.sha256Hex(bytes), "audio/mpeg").build();
        RecordingStored forgedBucket = recordingStored(tenant, sid, ENDED, tenant + "/2026/01/01/" + id + ".mp3",
                bytes.length, AudioFixtures.sha256Hex(bytes), "audio/mpeg").setBucket("another-bucket").build();
        publish(forgedKey);
        publish(forgedBucket);

        // then both are dead-lettered and the recording stays PENDING: nothing would be served
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_STORED), id.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(2);
        assertThat(processedCount(forgedKey.getEventId())).isZero();
        assertThat(processedCount(forgedBucket.getEventId())).isZero();
        assertThat(statusOf(id)).isEqualTo("PENDING");
    }

    @Test
    void shouldExposeHealthWithDatabaseKafkaAndObjectStore() {
        // when
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);

        // then
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode components = body(health).get("components");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("objectStore").get("status").asString()).isEqualTo("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("application=\"playback-service\"");
    }
}
