package dev.callvault.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline as deployed: a signed webhook at ingest-service ends as a byte-identical object in the bucket and an
 * {@code AVAILABLE} catalog entry, through Kafka and a fetch-worker process with a 128 MB heap.
 */
class RecordingPipelineSystemTests {

    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(60);

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void shouldStoreATwilioDualChannelRecordingByteIdenticalAndCatalogIt() {
        // given Twilio serves a real dual-channel MP3 for a new recording
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(Providers.mp3(audio)));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);

        // when Twilio posts the signed recording status callback
        HttpResponse<String> response = Webhooks.postTwilio(system, SystemUnderTest.TENANT,
                Webhooks.twilioCompleted(system, recordingSid));

        // then the ingest accepted it for that recording
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(Catalog.json(response.body()).path("recordingId").asString()).isEqualTo(recordingId.toString());

        // and the catalog says AVAILABLE with the object's facts
        JsonNode entry = Catalog.awaitStatus(system, recordingId, "AVAILABLE", PIPELINE_TIMEOUT);
        String sha256 = AudioFixtures.sha256Hex(audio);
        assertThat(entry.path("sizeBytes").asLong()).isEqualTo(audio.length);
        assertThat(entry.path("sha256").asString()).isEqualTo(sha256);
        assertThat(entry.path("contentType").asString()).isEqualTo("audio/mpeg");
        assertThat(entry.path("durationSeconds").asInt()).isEqualTo(8);
        assertThat(entry.path("channels").asInt()).isEqualTo(2);

        // and the bucket holds exactly the provider's bytes at the catalogued key
        String objectKey = entry.path("objectKey").asString();
        assertThat(objectKey).startsWith(SystemUnderTest.TENANT + "/").endsWith("/" + recordingId + ".mp3");
        assertThat(system.bucket.sha256(objectKey)).isEqualTo(sha256);

        // and both channels were asked for, with the tenant's credentials
        system.provider.verify(1, getRequestedFor(urlPathEqualTo(Providers.twilioMediaPath(recordingSid)))
                .withQueryParam("RequestedChannels", equalTo("2"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials(
                        SystemUnderTest.TWILIO_ACCOUNT_SID, SystemUnderTest.TWILIO_AUTH_TOKEN)));

        // and exactly one event went on each topic of the path
        assertOneEventEach(recordingId);
    }

    @Test
    void shouldStoreAnElevenLabsConversationByteIdenticalAndCatalogIt() {
        // given ElevenLabs serves the conversation audio
        byte[] audio = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        String conversationId = Providers.newConversationId();
        system.provider.stubFor(Providers.elevenLabsAudio(conversationId).willReturn(Providers.mp3(audio)));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.ELEVENLABS, conversationId);

        // when ElevenLabs posts the signed post-call transcription webhook
        HttpResponse<String> response = Webhooks.postElevenLabs(system, SystemUnderTest.TENANT,
                Webhooks.elevenLabsTranscription(conversationId, true), java.time.Instant.now().getEpochSecond());

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode entry = Catalog.awaitStatus(system, recordingId, "AVAILABLE", PIPELINE_TIMEOUT);
        assertThat(entry.path("sizeBytes").asLong()).isEqualTo(audio.length);
        assertThat(entry.path("sha256").asString()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(entry.path("contentType").asString()).isEqualTo("audio/mpeg");
        assertThat(entry.path("durationSeconds").asInt()).isEqualTo(7);
        assertThat(system.bucket.sha256(entry.path("objectKey").asString())).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertOneEventEach(recordingId);
    }

    @Test
    void shouldMarkTheRecordingFailedAndStoreNothingWhenTheProviderAnswersHtml() {
        // given Twilio answers an HTML error page with 200
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Maintenance</body></html>")));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);

        // when
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);

        // then
        JsonNode entry = Catalog.awaitStatus(system, recordingId, "FAILED", PIPELINE_TIMEOUT);
        assertThat(entry.path("retryable").asBoolean()).isFalse();
        assertThat(entry.path("lastErrorCode").asString()).isEqualTo("NOT_AUDIO");
        assertThat(objectsOf(recordingId)).isEmpty();
    }

    @Test
    void shouldKeepOneObjectAndOneRowWhenTheSameCallbackArrivesFiveTimes() {
        // given
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(Providers.mp3(audio)));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        var callback = Webhooks.twilioCompleted(system, recordingSid);

        // when Twilio delivers the same callback five times
        for (int i = 0; i < 5; i++) {
            assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, callback).statusCode()).isEqualTo(202);
        }

        // then
        Catalog.awaitStatus(system, recordingId, "AVAILABLE", PIPELINE_TIMEOUT);
        assertThat(system.topics.read(Topics.RECORDING_STORED, recordingId, 5, Duration.ofSeconds(30))).hasSize(5);
        assertThat(objectsOf(recordingId)).hasSize(1);
        system.provider.verify(1, getRequestedFor(urlPathEqualTo(Providers.twilioMediaPath(recordingSid))));
        assertThat(Catalog.get(system, recordingId).statusCode()).isEqualTo(200);
    }

    private static java.util.List<String> objectsOf(UUID recordingId) {
        return system.bucket.keys(SystemUnderTest.TENANT + "/").stream()
                .filter(key -> key.contains(recordingId.toString()))
                .toList();
    }

    private static void assertOneEventEach(UUID recordingId) {
        var callEnded = system.topics.read(Topics.CALL_ENDED, recordingId, 2, Duration.ofSeconds(2));
        assertThat(callEnded).singleElement().isInstanceOf(CallEnded.class);
        var stored = system.topics.read(Topics.RECORDING_STORED, recordingId, 2, Duration.ofSeconds(2));
        assertThat(stored).singleElement().isInstanceOf(RecordingStored.class);
        assertThat(system.topics.read(Topics.RECORDING_FETCH_FAILED, recordingId, 1, Duration.ofSeconds(1))).isEmpty();
    }

}
