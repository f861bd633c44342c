package dev.callvault.storage.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.AnalysisOutcome;
import dev.callvault.events.ChannelAnalysis;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Rendition;
import dev.callvault.events.Topics;
import dev.callvault.storage.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * media-worker's {@code RecordingAnalyzed}, published for real on the shared broker, as the catalog shows it: the
 * entry's {@code analysis}, only while it describes the entry's object, whatever order the topics arrive in.
 */
class RecordingAnalysisTests extends IntegrationTestSupport {

    private static final Instant CALL_ENDED_AT = Instant.parse("2026-03-04T09:30:00Z");
    private static final String SHA256 = "a".repeat(64);
    private static final String OTHER_SHA256 = "b".repeat(64);

    @Test
    void shouldShowTheAnalysisOfAnAvailableRecordingInItsEntry() {
        // given an AVAILABLE recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 64_000, SHA256).build());
        awaitStatus(recordingId, "AVAILABLE");

        // when media-worker's analysis of its object arrives
        publish(Topics.RECORDING_ANALYZED, analyzed(tenant, recordingId, SHA256));

        // then the entry carries it: measurements, per channel with the silence ratio, the peaks' resolution
        JsonNode analysis = awaitAnalysis(tenant, recordingId);
        assertThat(analysis.get("outcome").asString()).isEqualTo("ANALYZED");
        assertThat(analysis.get("durationMs").asLong()).isEqualTo(42_150L);
        assertThat(analysis.get("channels").asInt()).isEqualTo(2);
        assertThat(analysis.get("sampleRateHz").asInt()).isEqualTo(8000);
        assertThat(analysis.get("loudnessLufs").asDouble()).isEqualTo(-19.5);
        assertThat(analysis.get("talkOverMs").asLong()).isEqualTo(1_200L);
        assertThat(analysis.get("perChannel")).hasSize(2);
        assertThat(analysis.get("perChannel").get(1).get("channel").asInt()).isEqualTo(1);
        assertThat(analysis.get("perChannel").get(1).get("speechRatio").asDouble()).isEqualTo(0.25);
        assertThat(analysis.get("perChannel").get(1).get("silenceRatio").asDouble()).isEqualTo(0.75);
        assertThat(analysis.get("peaksSamplesPerPixel").asInt()).isEqualTo(256);
        assertThat(analysis.get("sourceSha256").asString()).isEqualTo(SHA256);
        // and the list shows it too
        JsonNode page = body(get("/v1/recordings?size=5", token(tenant, "recordings:read")));
        assertThat(page.get("items").get(0).get("analysis").get("durationMs").asLong()).isEqualTo(42_150L);
    }

    @Test
    void shouldKeepAnAnalysisThatArrivesBeforeItsRecordingIsStored() {
        // given an analysis whose entry does not exist yet (the topics are consumed without mutual order)
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        RecordingAnalyzed fact = analyzed(tenant, recordingId, SHA256);
        publish(Topics.RECORDING_ANALYZED, fact);
        awaitProcessed(fact.getEventId());

        // when the recording's RecordingStored is applied after it
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 64_000, SHA256).build());
        awaitStatus(recordingId, "AVAILABLE");

        // then the entry shows the analysis
        assertThat(awaitAnalysis(tenant, recordingId).get("durationMs").asLong()).isEqualTo(42_150L);
    }

    @Test
    void shouldNotShowTheAnalysisOfAnotherObject() {
        // given an AVAILABLE recording and an analysis of other bytes (an object that was replaced)
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 64_000, SHA256).build());
        awaitStatus(recordingId, "AVAILABLE");
        RecordingAnalyzed stale = analyzed(tenant, recordingId, OTHER_SHA256);

        // when it arrives
        publish(Topics.RECORDING_ANALYZED, stale);
        awaitProcessed(stale.getEventId());

        // then the entry has no analysis
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")));
        assertThat(entry.get("analysis").isNull()).isTrue();
    }

    @Test
    void shouldDeadLetterAnAnalysisOfAnotherTenantsRecording() {
        // given another tenant's AVAILABLE recording
        String owner = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(owner, Provider.TWILIO, sid);
        publish(Topics.RECORDING_STORED,
                recordingStored(owner, Provider.TWILIO, sid, CALL_ENDED_AT, 64_000, SHA256).build());
        awaitStatus(recordingId, "AVAILABLE");

        // when an analysis naming this recording arrives under a second tenant, with that tenant's keys
        String intruder = uniqueTenant();
        RecordingAnalyzed forged = RecordingAnalyzed.newBuilder(analyzed(intruder, recordingId, SHA256)).build();
        publish(Topics.RECORDING_ANALYZED, forged);

        // then it goes to the dead-letter topic and the owner's entry has no analysis
        assertThat(dev.callvault.local.testing.SharedInfrastructure.topics()
                .readRaw(Topics.deadLetter(Topics.RECORDING_ANALYZED), recordingId.toString(), ASYNC_TIMEOUT))
                .hasSize(1);
        JsonNode entry = body(get("/v1/recordings/" + recordingId, token(owner, "recordings:read")));
        assertThat(entry.get("analysis").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM recording_analysis WHERE recording_id = ?",
                Integer.class, recordingId)).isZero();
    }

    @Test
    void shouldListTheRenditionsDerivedFromTheEntrysObject() {
        // given an AVAILABLE recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 64_000, SHA256).build());
        awaitStatus(recordingId, "AVAILABLE");

        // when media-worker derives an Opus rendition from its object (and, before, one from other bytes)
        RecordingDerived stale = derived(tenant, recordingId, OTHER_SHA256);
        publish(Topics.RECORDING_DERIVED, stale);
        awaitProcessed(stale.getEventId());
        publish(Topics.RECORDING_DERIVED, derived(tenant, recordingId, SHA256));

        // then the entry lists the current one, with its checksum, size and codec
        String token = token(tenant, "recordings:read");
        await().atMost(ASYNC_TIMEOUT).until(() -> body(get("/v1/recordings/" + recordingId, token))
                .get("renditions").size() == 1);
        JsonNode rendition = body(get("/v1/recordings/" + recordingId, token)).get("renditions").get(0);
        assertThat(rendition.get("rendition").asString()).isEqualTo("OPUS");
        assertThat(rendition.get("contentType").asString()).isEqualTo("audio/ogg; codecs=opus");
        assertThat(rendition.get("sizeBytes").asLong()).isEqualTo(9_000L);
        assertThat(rendition.get("sha256").asString()).isEqualTo("d".repeat(64));
        assertThat(rendition.get("sourceSha256").asString()).isEqualTo(SHA256);
        assertThat(rendition.get("bitrateBps").asInt()).isEqualTo(48_000);
    }

    @Test
    void shouldForgetTheAnalysisWhenTheRecordingIsDeleted() {
        // given an analysed AVAILABLE recording
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(Topics.RECORDING_STORED,
                recordingStored(tenant, Provider.TWILIO, sid, CALL_ENDED_AT, 64_000, SHA256).build());
        awaitStatus(recordingId, "AVAILABLE");
        publish(Topics.RECORDING_ANALYZED, analyzed(tenant, recordingId, SHA256));
        RecordingDerived rendition = derived(tenant, recordingId, SHA256);
        publish(Topics.RECORDING_DERIVED, rendition);
        awaitAnalysis(tenant, recordingId);
        awaitProcessed(rendition.getEventId());

        // when it is deleted at the data subject's request
        HttpResponse<String> deleted = send("DELETE", "/v1/recordings/" + recordingId,
                token(tenant, "recordings:admin"), null);

        // then its analysis and its renditions are gone with it
        assertThat(deleted.statusCode()).isBetween(200, 204);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM recording_rendition WHERE recording_id = ?",
                Integer.class, recordingId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM recording_analysis WHERE recording_id = ?",
                Integer.class, recordingId)).isZero();
        assertThat(body(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read"))).get("analysis")
                .isNull()).isTrue();
    }

    private JsonNode awaitAnalysis(String tenant, UUID recordingId) {
        String token = token(tenant, "recordings:read");
        await().atMost(ASYNC_TIMEOUT).until(() -> {
            HttpResponse<String> response = get("/v1/recordings/" + recordingId, token);
            return response.statusCode() == 200 && !body(response).get("analysis").isNull();
        });
        return body(get("/v1/recordings/" + recordingId, token)).get("analysis");
    }

    private static RecordingDerived derived(String tenant, UUID recordingId, String sourceSha256) {
        String objectKey = ObjectKeys.of(tenant, CALL_ENDED_AT, recordingId, "mp3");
        return RecordingDerived.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(CALL_ENDED_AT.plusSeconds(40))
                .setTenantId(tenant)
                .setRecordingId(recordingId)
                .setRendition(Rendition.OPUS)
                .setSourceObjectKey(objectKey)
                .setSourceSha256(sourceSha256)
                .setObjectKey(ObjectKeys.derivativeOf(objectKey, "opus.ogg"))
                .setSha256("d".repeat(64))
                .setSizeBytes(9_000L)
                .setContentType("audio/ogg; codecs=opus")
                .setCodec("opus")
                .setBitrateBps(48_000)
                .setChannels(2)
                .setParameters("libopus b=48000 application=voip")
                .build();
    }

    private static RecordingAnalyzed analyzed(String tenant, UUID recordingId, String sha256) {
        String objectKey = ObjectKeys.of(tenant, CALL_ENDED_AT, recordingId, "mp3");
        return RecordingAnalyzed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(CALL_ENDED_AT.plusSeconds(30))
                .setTenantId(tenant)
                .setRecordingId(recordingId)
                .setSourceObjectKey(objectKey)
                .setSourceSha256(sha256)
                .setAnalyzerVersion("1")
                .setOutcome(AnalysisOutcome.ANALYZED)
                .setDurationMs(42_150L)
                .setChannels(2)
                .setSampleRateHz(8000)
                .setLoudnessLufs(-19.5)
                .setTalkOverMs(1_200L)
                .setPerChannel(List.of(
                        ChannelAnalysis.newBuilder().setChannel(0).setSpeechMs(21_000L).setSpeechRatio(0.5)
                                .setPeakDbfs(-3.0).setClippedSamples(0L).build(),
                        ChannelAnalysis.newBuilder().setChannel(1).setSpeechMs(10_500L).setSpeechRatio(0.25)
                                .setPeakDbfs(-6.0).setClippedSamples(12L).build()))
                .setPeaksObjectKey(ObjectKeys.derivativeOf(objectKey, "peaks.json"))
                .setPeaksSamplesPerPixel(256)
                .setPeaksSizeBytes(8_000L)
                .build();
    }
}
