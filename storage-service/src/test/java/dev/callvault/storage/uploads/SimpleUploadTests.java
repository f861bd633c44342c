package dev.callvault.storage.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/recordings}: a streamed multipart upload becomes an AVAILABLE recording, or leaves nothing. */
class SimpleUploadTests extends UploadTestSupport {

    private static Map<String, String> call(String callId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("callId", callId);
        fields.put("callStartedAt", "2026-11-20T10:00:00Z");
        fields.put("callEndedAt", "2026-11-20T10:00:08Z");
        fields.put("direction", "INBOUND");
        fields.put("from", "+14155550100");
        fields.put("to", "+14155550199");
        fields.put("channels", "2");
        return fields;
    }

    @Test
    void shouldStoreAnUploadedRecordingByteIdenticalAndAnnounceIt() {
        // given
        String tenant = uniqueTenant();
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // when
        HttpResponse<String> response = postRecording(token(tenant, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", audio));

        // then
        UUID recordingId = recordingIdOf(tenant, callId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).contains("/v1/recordings/" + recordingId);
        JsonNode entry = body(response);
        assertThat(entry.get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(entry.get("provider").asString()).isEqualTo("UPLOAD");
        assertThat(entry.get("sha256").asString()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(entry.get("sizeBytes").asLong()).isEqualTo(audio.length);
        assertThat(entry.get("from").asString()).isEqualTo("+14155550100");
        String objectKey = tenant + "/2026/11/20/" + recordingId + ".mp3";
        assertThat(entry.get("objectKey").asString()).isEqualTo(objectKey);
        assertThat(new BucketContents(minio, BUCKET).sha256(objectKey)).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(statusOf(recordingId)).isEqualTo("AVAILABLE");
        List<SpecificRecord> events = SharedInfrastructure.topics().read(Topics.RECORDING_STORED, recordingId, 1,
                Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        RecordingStored stored = (RecordingStored) events.getFirst();
        assertThat(stored.getProvider().name()).isEqualTo("UPLOAD");
        assertThat(stored.getUploadedBy()).isEqualTo("user-" + tenant);
        assertThat(stored.getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(stored.getObjectKey()).isEqualTo(objectKey);
        // storage's own consumption of the event is a duplicate, and the entry stays as written
        awaitProcessed(stored.getEventId());
        assertThat(get("/v1/recordings/" + recordingId, token(tenant, "recordings:read")).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM upload WHERE recording_id = ?", Integer.class,
                recordingId)).isZero();
    }

    @Test
    void shouldRefuseUploadingTheSameCallAgain() {
        // given: a call uploaded once
        String tenant = uniqueTenant();
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        assertThat(postRecording(token(tenant, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", audio)).statusCode()).isEqualTo(201);

        // when
        HttpResponse<String> again = postRecording(token(tenant, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", AudioFixtures.bytes(
                        AudioFixtures.ELEVENLABS_CONVERSATION_MP3)));

        // then: 409, the first recording's bytes untouched
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(new BucketContents(minio, BUCKET).sha256(tenant + "/2026/11/20/" + recordingIdOf(tenant, callId)
                + ".mp3")).isEqualTo(AudioFixtures.sha256Hex(audio));
    }

    @Test
    void shouldKeepTwoTenantsCallsWithTheSameIdApart() {
        // given: a call id one tenant's recorder has uploaded
        String first = uniqueTenant();
        String second = uniqueTenant();
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        assertThat(postRecording(token(first, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", audio)).statusCode()).isEqualTo(201);

        // when: another tenant's recorder uses the same call id
        HttpResponse<String> response = postRecording(token(second, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", audio));

        // then: a recording of its own
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(recordingIdOf(second, callId)).isNotEqualTo(recordingIdOf(first, callId));
        assertThat(body(response).get("id").asString()).isEqualTo(recordingIdOf(second, callId).toString());
        assertThat(statusOf(recordingIdOf(first, callId))).isEqualTo("AVAILABLE");
    }

    @Test
    void shouldRefuseAFormWithUnknownOrRepeatedFieldsBeforeTheFile() {
        // given forms that pile fields up before the file: an unknown field, and a field sent twice
        String tenant = uniqueTenant();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String unknownCall = uniqueCallId();
        Map<String, String> unknown = call(unknownCall);
        unknown.put("padding-0001", "x".repeat(1000));
        String repeatedCall = uniqueCallId();
        java.util.List<Map.Entry<String, String>> twice = new java.util.ArrayList<>(call(repeatedCall).entrySet());
        twice.add(Map.entry("agentId", "agent-1"));
        twice.add(Map.entry("agentId", "agent-2"));
        Multipart repeated = multipart(twice, "call.mp3", "audio/mpeg", audio);

        // when
        HttpResponse<String> unknownAnswer = postRecording(token(tenant, "recordings:write"),
                multipart(unknown, "call.mp3", "audio/mpeg", audio));
        HttpResponse<String> repeatedAnswer = postRecording(token(tenant, "recordings:write"), repeated);

        // then 400 naming the field, and nothing of either call is left
        assertThat(unknownAnswer.statusCode()).isEqualTo(400);
        assertThat(body(unknownAnswer).get("detail").asString()).contains("padding-0001");
        assertThat(repeatedAnswer.statusCode()).isEqualTo(400);
        assertThat(body(repeatedAnswer).get("detail").asString()).contains("agentId");
        assertNothingLeft(tenant, recordingIdOf(tenant, unknownCall));
        assertNothingLeft(tenant, recordingIdOf(tenant, repeatedCall));
    }

    @Test
    void shouldRefuseBytesThatAreNotAudio() {
        // given: a text file named .mp3
        String tenant = uniqueTenant();
        String callId = uniqueCallId();
        byte[] text = "this is not a recording, only text pretending to be one".getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = postRecording(token(tenant, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", text));

        // then
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(body(response).get("type").asString()).endsWith("upload-unsupported-type");
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
    }

    @Test
    void shouldRefuseADeclaredTypeThatDisagreesWithTheBytes() {
        // given: WAV bytes declared as MP3, and WAV bytes declared right but named .flac
        String tenant = uniqueTenant();
        String callId = uniqueCallId();
        byte[] wav = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);

        // when
        HttpResponse<String> declared = postRecording(token(tenant, "recordings:write"),
                multipart(call(callId), "call.wav", "audio/mpeg", wav));
        HttpResponse<String> named = postRecording(token(tenant, "recordings:write"),
                multipart(call(callId), "call.flac", "audio/wav", wav));

        // then
        assertThat(declared.statusCode()).isEqualTo(415);
        assertThat(body(declared).get("detail").asString()).contains("audio/mpeg", "audio/wav");
        assertThat(named.statusCode()).isEqualTo(415);
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
    }

    @Test
    void shouldRefuseARecordingOverTheTenantsLimit() {
        // given: a tenant limited to 20 KB, and a 33 KB recording
        String callId = uniqueCallId();
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // when
        HttpResponse<String> response = postRecording(token(SMALL_UPLOADS, "recordings:write"),
                multipart(call(callId), "call.mp3", "audio/mpeg", audio));

        // then
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(body(response).get("detail").asString()).contains("20480 bytes");
        assertThat(allKeys()).noneMatch(key -> key.contains(recordingIdOf(SMALL_UPLOADS, callId).toString()));
        assertThat(statusOf(recordingIdOf(SMALL_UPLOADS, callId))).isNull();
        assertThat(SharedInfrastructure.topics().read(Topics.RECORDING_STORED, recordingIdOf(SMALL_UPLOADS, callId), 1, SCAN))
                .isEmpty();
    }

    @Test
    void shouldRefuseUploadsWithoutTokenOrWriteScope() {
        // given
        String tenant = uniqueTenant();
        String callId = uniqueCallId();
        Multipart upload = multipart(call(callId), "call.mp3", "audio/mpeg",
                AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3));

        // when
        HttpResponse<String> anonymous = postRecording(null, upload);
        HttpResponse<String> readOnly = postRecording(token(tenant, "recordings:read"), upload);

        // then
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertNothingLeft(tenant, recordingIdOf(tenant, callId));
    }

    @Test
    void shouldRefuseAFormWithoutCallId() {
        // given
        String tenant = uniqueTenant();

        // when
        HttpResponse<String> response = postRecording(token(tenant, "recordings:write"), multipart(Map.of(),
                "call.mp3", "audio/mpeg", AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3)));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("detail").asString()).contains("callId");
        assertThat(new BucketContents(minio, BUCKET).keys(tenant + "/")).isEmpty();
    }
}
