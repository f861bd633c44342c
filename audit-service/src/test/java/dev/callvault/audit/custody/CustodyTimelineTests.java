package dev.callvault.audit.custody;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.AccessAction;
import dev.callvault.events.CallEnded;
import dev.callvault.events.LifecycleChange;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Rendition;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/recordings/{id}/custody}: a recording's whole life, published for real on the lifecycle and access
 * topics, merged oldest first, without secrets, and only for its own tenant.
 */
class CustodyTimelineTests extends IntegrationTestSupport {

    private static final Instant CALL_ENDED_AT = Instant.parse("2026-03-01T12:00:00Z");

    private String tenant;
    private String sid;
    private UUID recordingId;
    private byte[] audio;
    private CallEnded callEnded;
    private RecordingFetchFailed fetchFailed;
    private RecordingStored stored;
    private RecordingAccessed urlIssued;
    private RecordingAccessed streamed;
    private RecordingDeleted deleted;

    @BeforeEach
    void givenOneRecordingsWholeLife() {
        tenant = uniqueTenant();
        sid = uniqueRecordingSid();
        recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        callEnded = callEnded(tenant, sid, CALL_ENDED_AT).build();
        fetchFailed = fetchFailed(tenant, sid, CALL_ENDED_AT.plusSeconds(5)).build();
        stored = recordingStored(tenant, sid, CALL_ENDED_AT, CALL_ENDED_AT.plusSeconds(65), audio.length,
                AudioFixtures.sha256Hex(audio)).build();
        urlIssued = accessed(tenant, recordingId, "alice", CALL_ENDED_AT.plusSeconds(3600))
                .setAction(AccessAction.URL_ISSUED).setHttpStatus(201).setRequestedRange(null).build();
        streamed = accessed(tenant, recordingId, "alice", CALL_ENDED_AT.plusSeconds(3605)).build();
        deleted = recordingDeleted(tenant, sid, CALL_ENDED_AT.plusSeconds(86_400),
                ObjectKeys.of(tenant, CALL_ENDED_AT, recordingId, "mp3")).build();
        // published out of order, across five topics: the timeline orders by occurredAt
        publish(Topics.RECORDING_DELETED, deleted);
        publish(Topics.RECORDING_ACCESSED, streamed);
        publish(Topics.RECORDING_STORED, stored);
        publish(Topics.CALL_ENDED, callEnded);
        publish(Topics.RECORDING_ACCESSED, urlIssued);
        publish(Topics.RECORDING_FETCH_FAILED, fetchFailed);
        for (UUID eventId : List.of(callEnded.getEventId(), fetchFailed.getEventId(), stored.getEventId(),
                deleted.getEventId())) {
            awaitCustody(eventId);
        }
        awaitAudited(urlIssued.getEventId());
        awaitAudited(streamed.getEventId());
    }

    @Test
    void shouldMergeLifecycleAndAccessesOldestFirst() {
        // when an auditor asks for the recording's custody
        HttpResponse<String> response = get(custodyPath(recordingId, ""), auditor(tenant));

        // then every fact is there, oldest first
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode timeline = body(response);
        assertThat(timeline.get("recordingId").asString()).isEqualTo(recordingId.toString());
        assertThat(timeline.get("totalItems").asLong()).isEqualTo(6);
        assertThat(timeline.get("totalPages").asLong()).isEqualTo(1);
        assertThat(timeline.get("size").asInt()).isEqualTo(500);
        assertThat(kinds(timeline)).containsExactly("CALL_ENDED", "RECORDING_FETCH_FAILED", "RECORDING_STORED",
                "RECORDING_ACCESSED", "RECORDING_ACCESSED", "RECORDING_DELETED");
        assertThat(ids(timeline)).containsExactly(callEnded.getEventId(), fetchFailed.getEventId(),
                stored.getEventId(), urlIssued.getEventId(), streamed.getEventId(), deleted.getEventId());
        JsonNode items = timeline.get("items");
        assertThat(Instant.parse(items.get(0).get("occurredAt").asString())).isEqualTo(callEnded.getOccurredAt());

        // and each kind carries its facts
        JsonNode call = items.get(0).get("details");
        assertThat(call.get("provider").asString()).isEqualTo("TWILIO");
        assertThat(call.get("providerRecordingId").asString()).isEqualTo(sid);
        assertThat(Instant.parse(call.get("callEndedAt").asString())).isEqualTo(CALL_ENDED_AT);
        assertThat(call.get("durationSeconds").asInt()).isEqualTo(40);
        assertThat(call.get("recordingAvailable").asBoolean()).isTrue();
        JsonNode failure = items.get(1).get("details");
        assertThat(failure.get("errorCode").asString()).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(failure.get("httpStatus").asInt()).isEqualTo(503);
        assertThat(failure.get("attempts").asInt()).isEqualTo(3);
        assertThat(failure.get("retryable").asBoolean()).isTrue();
        JsonNode object = items.get(2).get("details");
        assertThat(object.get("sizeBytes").asLong()).isEqualTo(audio.length);
        assertThat(object.get("sha256").asString()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(object.get("objectKey").asString()).isEqualTo(stored.getObjectKey());
        assertThat(object.get("contentType").asString()).isEqualTo("audio/mpeg");
        assertThat(object.get("origin").asString()).isEqualTo("FETCHED");
        assertThat(object.get("uploadedBy").isNull()).isTrue();
        JsonNode issue = items.get(3).get("details");
        assertThat(issue.get("subject").asString()).isEqualTo("alice");
        assertThat(issue.get("action").asString()).isEqualTo("URL_ISSUED");
        assertThat(issue.get("httpStatus").asInt()).isEqualTo(201);
        assertThat(issue.get("requestedRange").isNull()).isTrue();
        assertThat(Instant.parse(issue.get("urlExpiresAt").asString())).isEqualTo(urlIssued.getUrlExpiresAt());
        JsonNode stream = items.get(4).get("details");
        assertThat(stream.get("action").asString()).isEqualTo("STREAM");
        assertThat(stream.get("requestedRange").asString()).isEqualTo("bytes=0-");
        assertThat(stream.get("httpStatus").asInt()).isEqualTo(206);
        JsonNode deletion = items.get(5).get("details");
        assertThat(deletion.get("reason").asString()).isEqualTo("RETENTION");
        assertThat(deletion.get("objectKey").asString()).isEqualTo(deleted.getObjectKey());
    }

    @Test
    void shouldListLegalHoldsBetweenAccessesAndDeletion() {
        // given the recording was put on legal hold and released again between its last access and its deletion
        RecordingLifecycleChanged placed = holdChanged(LifecycleChange.LEGAL_HOLD_PLACED, "case 2026-17",
                CALL_ENDED_AT.plusSeconds(7200));
        RecordingLifecycleChanged released = holdChanged(LifecycleChange.LEGAL_HOLD_RELEASED, null,
                CALL_ENDED_AT.plusSeconds(10_800));
        publish(Topics.RECORDING_LIFECYCLE, released);
        publish(Topics.RECORDING_LIFECYCLE, placed);
        awaitCustody(placed.getEventId());
        awaitCustody(released.getEventId());

        // when an auditor asks for the recording's custody
        JsonNode timeline = body(get(custodyPath(recordingId, ""), auditor(tenant)));

        // then the holds sit in order between the accesses and the deletion, with reason and subject
        assertThat(kinds(timeline)).containsExactly("CALL_ENDED", "RECORDING_FETCH_FAILED", "RECORDING_STORED",
                "RECORDING_ACCESSED", "RECORDING_ACCESSED", "LEGAL_HOLD_PLACED", "LEGAL_HOLD_RELEASED",
                "RECORDING_DELETED");
        JsonNode hold = timeline.get("items").get(5).get("details");
        assertThat(hold.get("reason").asString()).isEqualTo("case 2026-17");
        assertThat(hold.get("changedBy").asString()).isEqualTo("legal-officer");
        assertThat(hold.get("appliedInStore").asBoolean()).isFalse();
        assertThat(timeline.get("items").get(6).get("details").get("reason").isNull()).isTrue();
    }

    @Test
    void shouldListTheDerivationOfARenditionWithBothChecksums() {
        // given media-worker derived an Opus rendition from the stored object, a minute after it was stored
        String objectKey = stored.getObjectKey();
        RecordingDerived derived = RecordingDerived.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(CALL_ENDED_AT.plusSeconds(125))
                .setTenantId(tenant)
                .setRecordingId(recordingId)
                .setRendition(Rendition.OPUS)
                .setSourceObjectKey(objectKey)
                .setSourceSha256(stored.getSha256())
                .setObjectKey(ObjectKeys.derivativeOf(objectKey, "opus.ogg"))
                .setSha256("c".repeat(64))
                .setSizeBytes(5_120L)
                .setContentType("audio/ogg; codecs=opus")
                .setCodec("opus")
                .setBitrateBps(48_000)
                .setChannels(2)
                .setParameters("libopus b=48000 application=voip")
                .build();
        publish(Topics.RECORDING_DERIVED, derived);
        awaitCustody(derived.getEventId());

        // when an auditor asks for the recording's custody
        JsonNode timeline = body(get(custodyPath(recordingId, ""), auditor(tenant)));

        // then the derivation follows the storage it came from, from the original's checksum to the rendition's
        assertThat(kinds(timeline)).containsExactly("CALL_ENDED", "RECORDING_FETCH_FAILED", "RECORDING_STORED",
                "RECORDING_DERIVED", "RECORDING_ACCESSED", "RECORDING_ACCESSED", "RECORDING_DELETED");
        JsonNode derivation = timeline.get("items").get(3).get("details");
        assertThat(derivation.get("rendition").asString()).isEqualTo("OPUS");
        assertThat(derivation.get("sourceSha256").asString()).isEqualTo(stored.getSha256());
        assertThat(derivation.get("sha256").asString()).isEqualTo("c".repeat(64));
        assertThat(derivation.get("sizeBytes").asLong()).isEqualTo(5_120L);
        assertThat(derivation.get("codec").asString()).isEqualTo("opus");
        assertThat(derivation.get("parameters").asString()).isEqualTo("libopus b=48000 application=voip");
    }

    private RecordingLifecycleChanged holdChanged(LifecycleChange change, String reason, Instant occurredAt) {
        return RecordingLifecycleChanged.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt.truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenant)
                .setRecordingId(recordingId)
                .setChange(change)
                .setReason(reason)
                .setChangedBy("legal-officer")
                .setAppliedInStore(false)
                .build();
    }

    @Test
    void shouldKeepUrlsPhoneNumbersAndMetadataOutOfTheTimeline() {
        // given a CallEnded that carried a provider URL, phone numbers and free-form metadata
        String stored = jdbc.queryForObject("SELECT details::text FROM custody_event WHERE event_id = ?",
                String.class, callEnded.getEventId());
        String answered = get(custodyPath(recordingId, ""), auditor(tenant)).body();

        // then neither the row nor the answer holds any of them
        for (String text : List.of(stored, answered)) {
            assertThat(text).doesNotContain("api.twilio.com", "+14155550100", "+14155550199", "support",
                    "recordingUrl", "metadata");
        }
    }

    @Test
    void shouldPageLongTimelineOldestFirst() {
        JsonNode page0 = body(get(custodyPath(recordingId, "?size=4"), auditor(tenant)));
        JsonNode page1 = body(get(custodyPath(recordingId, "?size=4&page=1"), auditor(tenant)));

        assertThat(ids(page0)).containsExactly(callEnded.getEventId(), fetchFailed.getEventId(),
                stored.getEventId(), urlIssued.getEventId());
        assertThat(ids(page1)).containsExactly(streamed.getEventId(), deleted.getEventId());
        assertThat(page0.get("totalItems").asLong()).isEqualTo(6);
        assertThat(page0.get("totalPages").asLong()).isEqualTo(2);
    }

    @Test
    void shouldAnswer404ToAnotherTenantAndForUnknownRecording() {
        assertProblem(get(custodyPath(recordingId, ""), auditor(uniqueTenant())), 404);
        assertProblem(get(custodyPath(uniqueRecordingId(), ""), auditor(tenant)), 404);
    }

    @Test
    void shouldAnswer400ForMalformedIdOrPage() {
        assertProblem(get("/v1/recordings/not-a-uuid/custody", auditor(tenant)), 400);
        assertProblem(get(custodyPath(recordingId, "?size=501"), auditor(tenant)), 400);
        assertProblem(get(custodyPath(recordingId, "?page=-1"), auditor(tenant)), 400);
    }

    @Test
    void shouldRecordLifecycleEventPublishedFiveTimesOnce() {
        // when the same RecordingStored is published five more times, then a new one follows on the same key
        for (int i = 0; i < 5; i++) {
            publish(Topics.RECORDING_STORED, stored);
        }
        RecordingStored restored = recordingStored(tenant, sid, CALL_ENDED_AT, CALL_ENDED_AT.plusSeconds(90_000),
                audio.length, AudioFixtures.sha256Hex(audio)).build();
        publish(Topics.RECORDING_STORED, restored);
        awaitCustody(restored.getEventId());

        // then the original is still one row, and the timeline grew by the new event only
        assertThat(custodyRows(stored.getEventId())).isEqualTo(1);
        JsonNode timeline = body(get(custodyPath(recordingId, ""), auditor(tenant)));
        assertThat(timeline.get("totalItems").asLong()).isEqualTo(7);
        assertThat(ids(timeline).getLast()).isEqualTo(restored.getEventId());
    }

    @Test
    void shouldSayThatAnUploadedRecordingWasUploadedAndByWhom() {
        // given a recording a recorder uploaded directly
        UUID uploadedId = RecordingIds.ofUpload(tenant, "call-" + UUID.randomUUID());
        RecordingStored uploaded = recordingStored(tenant, sid, CALL_ENDED_AT, CALL_ENDED_AT.plusSeconds(70),
                audio.length, AudioFixtures.sha256Hex(audio))
                .setRecordingId(uploadedId)
                .setProvider(Provider.UPLOAD)
                .setObjectKey(ObjectKeys.of(tenant, CALL_ENDED_AT, uploadedId, "mp3"))
                .setUploadedBy("recorder-7")
                .build();

        // when
        publish(Topics.RECORDING_STORED, uploaded);
        awaitCustody(uploaded.getEventId());

        // then its timeline says so
        JsonNode entry = body(get(custodyPath(uploadedId, ""), auditor(tenant))).get("items").get(0);
        assertThat(entry.get("kind").asString()).isEqualTo("RECORDING_STORED");
        assertThat(entry.get("details").get("provider").asString()).isEqualTo("UPLOAD");
        assertThat(entry.get("details").get("origin").asString()).isEqualTo("UPLOADED");
        assertThat(entry.get("details").get("uploadedBy").asString()).isEqualTo("recorder-7");
    }

    private static String custodyPath(UUID recordingId, String query) {
        return "/v1/recordings/" + recordingId + "/custody" + query;
    }

    private static List<String> kinds(JsonNode timeline) {
        List<String> kinds = new ArrayList<>();
        timeline.get("items").forEach(item -> kinds.add(item.get("kind").asString()));
        return kinds;
    }

    private static List<UUID> ids(JsonNode timeline) {
        List<UUID> ids = new ArrayList<>();
        timeline.get("items").forEach(item -> ids.add(UUID.fromString(item.get("eventId").asString())));
        return ids;
    }
}
