package dev.callvault.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.ServerSideEncryption;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import dev.callvault.storage.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle events, published for real on the shared broker, as the catalog and its REST API show them.
 */
class CatalogConsumptionTests extends IntegrationTestSupport {

    private static final Instant CALL_ENDED_AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void shouldBecomeAvailableWhenStoredFollowsCallEnded() {
        // given a real recording's bytes and a call that ended
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sha256 = AudioFixtures.sha256Hex(audio);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).build());
        awaitStatus(recordingId, "PENDING");

        // when the fetch worker reports the object stored
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, audio.length, sha256).build());

        // then the catalog entry is AVAILABLE with the object's size, checksum, content type and duration
        awaitStatus(recordingId, "AVAILABLE");
        HttpResponse<String> response = get("/v1/recordings/" + recordingId, token(tenant, "recordings:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode entry = body(response);
        assertThat(entry.get("id").asString()).isEqualTo(recordingId.toString());
        assertThat(entry.get("tenantId").asString()).isEqualTo(tenant);
        assertThat(entry.get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(entry.get("provider").asString()).isEqualTo("TWILIO");
        assertThat(entry.get("providerRecordingId").asString()).isEqualTo(sid);
        assertThat(entry.get("providerCallId").asString()).isEqualTo("CA" + sid);
        assertThat(entry.get("sizeBytes").asLong()).isEqualTo(audio.length);
        assertThat(entry.get("sha256").asString()).isEqualTo(sha256);
        assertThat(entry.get("contentType").asString()).isEqualTo("audio/mpeg");
        assertThat(entry.get("durationSeconds").asInt()).isEqualTo(42);
        assertThat(entry.get("channels").asInt()).isEqualTo(2);
        assertThat(entry.get("bucket").asString()).isEqualTo(BUCKET);
        assertThat(entry.get("objectKey").asString())
                .isEqualTo(tenant + "/2026/03/01/" + recordingId + ".mp3");
        assertThat(entry.get("callEndedAt").asString()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(entry.get("callStartedAt").asString()).isEqualTo("2026-03-01T11:59:20Z");
        assertThat(entry.get("direction").asString()).isEqualTo("INBOUND");
        assertThat(entry.get("from").asString()).isEqualTo("+14155550100");
        assertThat(entry.get("to").asString()).isEqualTo("+14155550199");
        assertThat(entry.get("agentId").asString()).isEqualTo("agent-7");
        assertThat(entry.get("metadata").get("queue").asString()).isEqualTo("support");
        assertThat(entry.get("fetchAttempts").asInt()).isZero();
        assertThat(entry.get("lastError").isNull()).isTrue();
        assertThat(Instant.parse(entry.get("createdAt").asString()))
                .isBeforeOrEqualTo(Instant.parse(entry.get("updatedAt").asString()));
    }

    @Test
    void shouldRecordHowTheObjectIsEncryptedAtRest() {
        // given a recording fetched with SSE-S3 and another put under a KMS key
        String tenant = uniqueTenant();
        String sseS3Sid = uniqueRecordingSid();
        String kmsSid = uniqueRecordingSid();
        UUID sseS3Id = RecordingIds.of(tenant, Provider.TWILIO, sseS3Sid);
        UUID kmsId = RecordingIds.of(tenant, Provider.TWILIO, kmsSid);

        // when their RecordingStored events arrive
        publish(Topics.RECORDING_STORED, recordingStored(tenant, Provider.TWILIO, sseS3Sid, CALL_ENDED_AT, 2048L,
                "ab".repeat(32)).setServerSideEncryption(ServerSideEncryption.SSE_S3).build());
        publish(Topics.RECORDING_STORED, recordingStored(tenant, Provider.TWILIO, kmsSid, CALL_ENDED_AT, 2048L,
                "cd".repeat(32)).setServerSideEncryption(ServerSideEncryption.SSE_KMS)
                .setEncryptionKeyId("alias/callvault-recordings").build());
        awaitStatus(sseS3Id, "AVAILABLE");
        awaitStatus(kmsId, "AVAILABLE");

        // then the catalog rows and GET /v1/recordings/{id} say how, and which key (a name, never key material)
        assertThat(jdbc.queryForMap("SELECT server_side_encryption, encryption_key_id FROM recording WHERE id = ?",
                sseS3Id)).containsEntry("server_side_encryption", "SSE_S3").containsEntry("encryption_key_id", null);
        JsonNode sseS3 = body(get("/v1/recordings/" + sseS3Id, token(tenant, "recordings:read")));
        assertThat(sseS3.get("serverSideEncryption").asString()).isEqualTo("SSE_S3");
        assertThat(sseS3.get("encryptionKeyId").isNull()).isTrue();
        JsonNode kms = body(get("/v1/recordings/" + kmsId, token(tenant, "recordings:read")));
        assertThat(kms.get("serverSideEncryption").asString()).isEqualTo("SSE_KMS");
        assertThat(kms.get("encryptionKeyId").asString()).isEqualTo("alias/callvault-recordings");
    }

    @Test
    void shouldCreateAvailableEntryFromStoredAndFillCallDetailsWhenCallEndedArrivesLater() {
        // given the object stored before the CallEnded was consumed (different topics have no mutual order)
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        String sha256 = "ab".repeat(32);
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 123_456L, sha256).build());
        awaitStatus(recordingId, "AVAILABLE");
        JsonNode beforeCall = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(beforeCall.get("providerCallId").isNull()).isTrue();
        assertThat(beforeCall.get("sizeBytes").asLong()).isEqualTo(123_456L);

        // when the CallEnded arrives (reporting 40 s where the stored audio measured 42 s)
        CallEnded callEnded = callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).build();
        publish(Topics.CALL_ENDED, callEnded);
        awaitProcessed(callEnded.getEventId());

        // then the call's details are filled in, and the entry stays AVAILABLE with the measured duration
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(entry.get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(entry.get("providerCallId").asString()).isEqualTo("CA" + sid);
        assertThat(entry.get("providerRecordingId").asString()).isEqualTo(sid);
        assertThat(entry.get("from").asString()).isEqualTo("+14155550100");
        assertThat(entry.get("direction").asString()).isEqualTo("INBOUND");
        assertThat(entry.get("sha256").asString()).isEqualTo(sha256);
        assertThat(entry.get("durationSeconds").asInt()).isEqualTo(42);
    }

    @Test
    void shouldStayAvailableWhenFetchFailureArrivesLate() {
        // given an AVAILABLE recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).build());
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 2048L, "cd".repeat(32)).build());
        awaitStatus(recordingId, "AVAILABLE");

        // when a late failure of an earlier fetch arrives
        RecordingFetchFailed late = fetchFailed(tenant, Provider.TWILIO, sid, 3, true).build();
        publish(Topics.RECORDING_FETCH_FAILED, late);
        awaitProcessed(late.getEventId());

        // then the entry stays AVAILABLE and records nothing of that failure
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(entry.get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(entry.get("fetchAttempts").asInt()).isZero();
        assertThat(entry.get("lastError").isNull()).isTrue();
        assertThat(entry.get("sizeBytes").asLong()).isEqualTo(2048L);
    }

    @Test
    void shouldBecomeAvailableWhenStoredFollowsFetchFailure() {
        // given a FAILED recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.ELEVENLABS, sid);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.ELEVENLABS, sid, CALL_ENDED_AT).build());
        publish(Topics.RECORDING_FETCH_FAILED, fetchFailed(tenant, Provider.ELEVENLABS, sid, 4, true).build());
        awaitStatus(recordingId, "FAILED");

        // when a later fetch (a backfill) stores the object
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.ELEVENLABS, sid, CALL_ENDED_AT, 4096L, "ef".repeat(32)).build());

        // then it is AVAILABLE, and the failure stays in its history
        awaitStatus(recordingId, "AVAILABLE");
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(entry.get("sizeBytes").asLong()).isEqualTo(4096L);
        assertThat(entry.get("sha256").asString()).isEqualTo("ef".repeat(32));
        assertThat(entry.get("fetchAttempts").asInt()).isEqualTo(4);
    }

    @Test
    void shouldRecordFailureWithReasonRetryableFlagAndAttempts() {
        // given nothing known about the recording yet
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.VAPI, sid);

        // when only a fetch failure arrives
        RecordingFetchFailed failure = fetchFailed(tenant, Provider.VAPI, sid, 5, false)
                .setReason("provider answered 404 Not Found")
                .setErrorCode("PROVIDER_NOT_FOUND")
                .setHttpStatus(404)
                .build();
        publish(Topics.RECORDING_FETCH_FAILED, failure);

        // then the entry exists, FAILED, with the failure's details
        awaitStatus(recordingId, "FAILED");
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(entry.get("provider").asString()).isEqualTo("VAPI");
        assertThat(entry.get("lastError").asString()).isEqualTo("provider answered 404 Not Found");
        assertThat(entry.get("lastErrorCode").asString()).isEqualTo("PROVIDER_NOT_FOUND");
        assertThat(entry.get("retryable").asBoolean(true)).isFalse();
        assertThat(entry.get("fetchAttempts").asInt()).isEqualTo(5);
        assertThat(Instant.parse(entry.get("lastFetchAttemptAt").asString())).isEqualTo(failure.getOccurredAt());
    }

    @Test
    void shouldStayPendingWithTheRetryScheduleWhileRetryingThenFailOnlyWhenGivenUp() {
        // given a pending recording whose fetch failed twice, each hand-over to a retry topic reporting the
        // attempts so far and the next attempt; the second hand-over's event is also redelivered late
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        Instant first = Instant.parse("2026-03-01T12:00:10Z");
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).build());
        RecordingFetchFailed handOver1 = fetchFailed(tenant, Provider.TWILIO, sid, 1, true)
                .setOccurredAt(first).setNextAttemptAt(first.plusSeconds(30)).build();
        RecordingFetchFailed handOver2 = fetchFailed(tenant, Provider.TWILIO, sid, 2, true)
                .setOccurredAt(first.plusSeconds(30)).setNextAttemptAt(first.plusSeconds(90)).build();
        publish(Topics.RECORDING_FETCH_FAILED, handOver1);
        publish(Topics.RECORDING_FETCH_FAILED, handOver2);
        RecordingFetchFailed redelivered = RecordingFetchFailed.newBuilder(handOver1)
                .setEventId(UUID.randomUUID()).build();
        publish(Topics.RECORDING_FETCH_FAILED, redelivered);

        // when the catalog has consumed them
        awaitProcessed(redelivered.getEventId());

        // then it shows PENDING (CallVault will try again: FAILED would tell a person to act, issue 14 item 16) with
        // the error code, 2 attempts (not 1 + 2 + 1) and the next attempt of the newest
        JsonNode retrying = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(retrying.get("status").asString()).isEqualTo("PENDING");
        assertThat(retrying.get("lastErrorCode").asString()).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(retrying.get("fetchAttempts").asInt()).isEqualTo(2);
        assertThat(retrying.get("retryable").asBoolean(false)).isTrue();
        assertThat(Instant.parse(retrying.get("nextFetchAttemptAt").asString())).isEqualTo(first.plusSeconds(90));
        assertThat(Instant.parse(retrying.get("lastFetchAttemptAt").asString())).isEqualTo(first.plusSeconds(30));

        // and when the final failure (no next attempt) follows
        RecordingFetchFailed last = fetchFailed(tenant, Provider.TWILIO, sid, 3, false)
                .setOccurredAt(first.plusSeconds(90)).setErrorCode("PROVIDER_NOT_FOUND").setNextAttemptAt(null)
                .build();
        publish(Topics.RECORDING_FETCH_FAILED, last);
        awaitProcessed(last.getEventId());

        // then no attempt is scheduled any more
        JsonNode exhausted = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(exhausted.get("status").asString()).isEqualTo("FAILED");
        assertThat(exhausted.get("lastErrorCode").asString()).isEqualTo("PROVIDER_NOT_FOUND");
        assertThat(exhausted.get("fetchAttempts").asInt()).isEqualTo(3);
        assertThat(exhausted.get("nextFetchAttemptAt").isNull()).isTrue();

        // and when a later fetch (a backfill) stores it, it is AVAILABLE with nothing scheduled
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 512L, "9a".repeat(32)).build());
        awaitStatus(recordingId, "AVAILABLE");
        JsonNode stored = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(stored.get("nextFetchAttemptAt").isNull()).isTrue();
        assertThat(stored.get("fetchAttempts").asInt()).isEqualTo(3);
        assertThat(stored.get("sizeBytes").asLong()).isEqualTo(512L);
    }

    @Test
    void shouldMarkUnavailableWithReasonWhenProviderHasNoAudio() {
        // given a call whose provider reports no recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);

        // when its CallEnded says so
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT)
                .setRecordingAvailable(false)
                .setUnavailableReason("absent")
                .build());

        // then the entry is UNAVAILABLE with the provider's reason
        awaitStatus(recordingId, "UNAVAILABLE");
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(entry.get("lastError").asString()).isEqualTo("absent");
        assertThat(entry.get("lastErrorCode").asString()).isEqualTo(FetchHistory.UNAVAILABLE_ERROR_CODE);
        assertThat(entry.get("providerRecordingId").asString()).isEqualTo(sid);
    }

    @Test
    void shouldProcessAnEventDeliveredFiveTimesOnlyOnce() {
        // given a recording and one failure event delivered five times
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        RecordingFetchFailed failure = fetchFailed(tenant, Provider.TWILIO, sid, 3, true).build();
        for (int delivery = 0; delivery < 5; delivery++) {
            publish(Topics.RECORDING_FETCH_FAILED, failure);
        }

        // when a distinct failure follows on the same partition (so the five were consumed before it)
        RecordingFetchFailed next = fetchFailed(tenant, Provider.TWILIO, sid, 4, true).build();
        publish(Topics.RECORDING_FETCH_FAILED, next);
        awaitProcessed(next.getEventId());

        // then the duplicated event was applied once: one row, one processed_event row, and the running total 4
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM recording WHERE id = ?", Integer.class,
                recordingId);
        Integer attempts = jdbc.queryForObject("SELECT fetch_attempts FROM recording WHERE id = ?", Integer.class,
                recordingId);
        assertThat(rows).isEqualTo(1);
        assertThat(attempts).isEqualTo(4);
        assertThat(processedCount(failure.getEventId())).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterAnEventWhoseTenantDoesNotOwnTheRecording() {
        // given a recording of one tenant
        String owner = uniqueTenant();
        String intruder = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(owner, Provider.TWILIO, sid);
        publish(Topics.CALL_ENDED, callEnded(owner, Provider.TWILIO, sid, CALL_ENDED_AT).build());
        awaitStatus(recordingId, "PENDING");

        // when an event for the same recording id names another tenant
        RecordingStored forged = recordingStored(intruder, Provider.TWILIO, sid, CALL_ENDED_AT, 10L, "00".repeat(32))
                .setRecordingId(recordingId).build();
        publish(Topics.RECORDING_STORED, forged);

        // then it lands on the dead-letter topic, unchanged, and the catalog is untouched
        TopicReader reader = new TopicReader(SharedInfrastructure.kafka().bootstrapServers());
        List<SpecificRecord> deadLetters = reader.read(Topics.deadLetter(Topics.RECORDING_STORED), recordingId, 1,
                ASYNC_TIMEOUT);
        assertThat(deadLetters).singleElement().isEqualTo(forged);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> "PENDING".equals(statusOf(recordingId)));
        assertThat(processedCount(forged.getEventId())).isZero();
        assertThat(jdbc.queryForObject("SELECT tenant_id FROM recording WHERE id = ?", String.class, recordingId))
                .isEqualTo(owner);
    }

    @Test
    void shouldKeepARecordingOfTheTenantUnderItsLegacyIdWhenALateWebhookAndFetchNameItsNewId() {
        // given a recording cataloged under its legacy id (before ids included the tenant), PENDING
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID legacyId = RecordingIds.legacyOf(Provider.TWILIO, sid);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).setRecordingId(legacyId)
                .build());
        awaitStatus(legacyId, "PENDING");

        // when a late webhook of the same call arrives after the upgrade, and fetch-worker stores and reports it
        // under the new id, and a fetch of another tenant names the same provider recording
        UUID newId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        CallEnded late = callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).build();
        RecordingStored stored = recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 10L, "ab".repeat(32))
                .setProviderRecordingId(sid).build();
        RecordingFetchFailed failed = fetchFailed(tenant, Provider.TWILIO, sid, 1, true).setProviderRecordingId(sid)
                .build();
        String other = uniqueTenant();
        RecordingStored othersStored = recordingStored(other, Provider.TWILIO, sid, CALL_ENDED_AT, 10L,
                "cd".repeat(32)).setProviderRecordingId(sid).build();
        publish(Topics.CALL_ENDED, late);
        publish(Topics.RECORDING_STORED, stored);
        publish(Topics.RECORDING_FETCH_FAILED, failed);
        publish(Topics.RECORDING_STORED, othersStored);

        // then the tenant still has one recording, under its legacy id, and the other tenant its own
        awaitProcessed(late.getEventId());
        awaitProcessed(stored.getEventId());
        awaitProcessed(failed.getEventId());
        awaitStatus(RecordingIds.of(other, Provider.TWILIO, sid), "AVAILABLE");
        assertThat(statusOf(newId)).isNull();
        assertThat(statusOf(legacyId)).isEqualTo("PENDING");
        assertThat(jdbc.queryForList("SELECT id FROM recording WHERE tenant_id = ?", UUID.class, tenant))
                .containsExactly(legacyId);

        // and a replay of the legacy id's own events still applies to it
        publish(Topics.RECORDING_STORED, recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 10L,
                "ab".repeat(32)).setRecordingId(legacyId)
                .setObjectKey(ObjectKeys.of(tenant, CALL_ENDED_AT, legacyId, "mp3")).build());
        awaitStatus(legacyId, "AVAILABLE");
    }

    @Test
    void shouldKeepAvailableWhenStoredIsReplayedAfterACallEndedReplay() {
        // given an AVAILABLE recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        CallEnded callEnded = callEnded(tenant, Provider.TWILIO, sid, CALL_ENDED_AT).build();
        publish(Topics.CALL_ENDED, callEnded);
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 77L, "12".repeat(32)).build());
        awaitStatus(recordingId, "AVAILABLE");

        // when the call-ended log is replayed (a backfill from the compacted topic: new event id, same call)
        CallEnded replay = CallEnded.newBuilder(callEnded).setEventId(UUID.randomUUID()).build();
        publish(Topics.CALL_ENDED, replay);
        awaitProcessed(replay.getEventId());

        // then the entry does not go back to PENDING
        assertThat(statusOf(recordingId)).isEqualTo("AVAILABLE");
    }
}
