package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.ElevenLabsWebhookSigner;
import dev.callvault.local.testing.TwilioWebhookSigner;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input leaves nothing behind: each rejected webhook answers its documented status as a problem detail, and no
 * event, no object and no catalog row ever appear for it. To know that nothing came later, a valid callback sent
 * after the bad one is awaited through the whole pipeline first (a barrier).
 */
class BadInputSystemTests {

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    record BadInput(String name, int expectedStatus, String providerRecordingId, Provider provider,
                    Function<SystemUnderTest, HttpResponse<String>> send) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                twilio("wrong signature", 401, (system, sid) -> {
                    var params = Webhooks.twilioCompleted(system, sid);
                    return Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.form(params),
                            TwilioWebhookSigner.signature("not-the-auth-token", SystemUnderTest.PUBLIC_BASE_URL
                                    + Webhooks.twilioPath(SystemUnderTest.TENANT), params));
                }),
                twilio("missing signature", 401, (system, sid) -> Webhooks.postTwilio(system, SystemUnderTest.TENANT,
                        Webhooks.form(Webhooks.twilioCompleted(system, sid)), null)),
                twilio("unknown tenant", 404, (system, sid) -> {
                    var params = Webhooks.twilioCompleted(system, sid);
                    String signature = TwilioWebhookSigner.signature(SystemUnderTest.TWILIO_AUTH_TOKEN,
                            SystemUnderTest.PUBLIC_BASE_URL + Webhooks.twilioPath("nobody"), params);
                    return Webhooks.postTwilio(system, "nobody", Webhooks.form(params), signature);
                }),
                twilio("foreign AccountSid", 401, (system, sid) -> {
                    var params = Webhooks.twilioCompleted(system, sid);
                    params.put("AccountSid", "ACffffffffffffffffffffffffffffffff");
                    return Webhooks.postTwilio(system, SystemUnderTest.TENANT, params);
                }),
                twilio("RecordingUrl on another host", 400, (system, sid) -> {
                    var params = Webhooks.twilioCompleted(system, sid);
                    params.put("RecordingUrl", "https://evil.example/2010-04-01/Accounts/"
                            + SystemUnderTest.TWILIO_ACCOUNT_SID + "/Recordings/" + sid);
                    return Webhooks.postTwilio(system, SystemUnderTest.TENANT, params);
                }),
                twilio("form without RecordingSid", 400, (system, sid) -> {
                    var params = Webhooks.twilioCompleted(system, sid);
                    params.remove("RecordingSid");
                    return Webhooks.postTwilio(system, SystemUnderTest.TENANT, params);
                }),
                twilio("oversize body", 413, (system, sid) -> {
                    var params = Webhooks.twilioCompleted(system, sid);
                    params.put("Padding", "x".repeat(4 * 1024 * 1024));
                    return Webhooks.postTwilio(system, SystemUnderTest.TENANT, params);
                }),
                elevenLabs("stale timestamp", 401, (system, conversationId) -> Webhooks.postElevenLabs(system,
                        SystemUnderTest.TENANT, Webhooks.elevenLabsTranscription(conversationId, true),
                        Instant.now().minus(Duration.ofMinutes(31)).getEpochSecond())),
                elevenLabs("malformed JSON", 400, (system, conversationId) -> {
                    byte[] body = ("{\"type\": \"post_call_transcription\", \"data\": {\"conversation_id\": \""
                            + conversationId + "\"").getBytes(StandardCharsets.UTF_8);
                    return Webhooks.postElevenLabs(system, SystemUnderTest.TENANT, body, ElevenLabsWebhookSigner
                            .header(SystemUnderTest.ELEVENLABS_WEBHOOK_SECRET, Instant.now().getEpochSecond(), body));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldAnswerTheDocumentedStatusAndLeaveNothingBehind(BadInput input) {
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, input.provider(), input.providerRecordingId());

        // when the bad webhook arrives
        HttpResponse<String> response = input.send().apply(system);

        // then it is refused with a problem detail
        assertThat(response.statusCode()).as(input.name()).isEqualTo(input.expectedStatus());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // and once a valid callback sent after it went all the way through
        awaitBarrier();

        // nothing exists for it: no event, no object, no catalog row
        assertThat(system.topics.read(Topics.CALL_ENDED, recordingId, 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(system.bucket.keys(SystemUnderTest.TENANT + "/")).noneMatch(key -> key.contains(recordingId.toString()));
        assertThat(Catalog.get(system, recordingId).statusCode()).isEqualTo(404);
    }

    private static void awaitBarrier() {
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid)
                .willReturn(Providers.mp3(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3))));
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);
        Catalog.awaitStatus(system, RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid), "AVAILABLE",
                Duration.ofSeconds(60));
    }

    private interface Sender {
        HttpResponse<String> send(SystemUnderTest system, String providerRecordingId);
    }

    private static BadInput twilio(String name, int status, Sender sender) {
        String sid = Providers.newRecordingSid();
        return new BadInput(name, status, sid, Provider.TWILIO, system -> sender.send(system, sid));
    }

    private static BadInput elevenLabs(String name, int status, Sender sender) {
        String conversationId = Providers.newConversationId();
        return new BadInput(name, status, conversationId, Provider.ELEVENLABS, system -> sender.send(system, conversationId));
    }
}
