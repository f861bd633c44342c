package dev.callvault.fetch;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one test configuration every Spring test of the module shares (so the context cache keeps exactly one worker,
 * one consumer group member set): the shared real Kafka broker and S3Proxy, and one WireMock server, started once,
 * playing Twilio (under {@code /twilio}) and ElevenLabs (under {@code /elevenlabs}). Short retry intervals keep the
 * run fast. Tests keep apart through fresh recording ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".twilio.account-sid=" + FetchWorkerTestSupport.ACCOUNT_SID,
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".twilio.auth-token=" + FetchWorkerTestSupport.AUTH_TOKEN,
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".elevenlabs.api-key=" + FetchWorkerTestSupport.XI_API_KEY,
        "callvault.fetch.retry.initial-interval=PT0.2S",
        "callvault.fetch.retry.max-interval=PT0.5S",
        "callvault.fetch.retry.max-attempts=4",
        "callvault.fetch.retry-window=PT1M",
        "callvault.fetch.http.read-timeout=PT5S"
})
public abstract class FetchWorkerTestSupport {

    protected static final String TENANT = "acme";
    protected static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    protected static final String AUTH_TOKEN = "acme-twilio-token";
    protected static final String XI_API_KEY = "acme-elevenlabs-key";
    protected static final String BUCKET = "fetch-worker-tests";
    protected static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(30);

    /** Twilio and ElevenLabs, for every test class of the module. */
    protected static final WireMockServer PROVIDER = ProviderStub.SERVER;


    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        SharedInfrastructure.registerS3(registry, BUCKET);
        registry.add("callvault.providers.twilio.api-base-url", () -> PROVIDER.baseUrl() + "/twilio");
        registry.add("callvault.providers.elevenlabs.api-base-url", () -> PROVIDER.baseUrl() + "/elevenlabs");
    }

    /** @return a fresh Twilio recording sid, {@code RE} and 32 hex digits */
    protected static String newRecordingSid() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return "RE" + HexFormat.of().formatHex(random);
    }

    /** @return a fresh ElevenLabs conversation id */
    protected static String newConversationId() {
        return "conv_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** @return the path WireMock serves a Twilio recording's MP3 at (query excluded) */
    protected static String twilioMediaPath(String recordingSid, String extension) {
        return "/twilio/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + recordingSid + "." + extension;
    }

    /** @return the path WireMock serves an ElevenLabs conversation's audio at */
    protected static String elevenLabsAudioPath(String conversationId) {
        return "/elevenlabs/v1/convai/conversations/" + conversationId + "/audio";
    }

    /** @return a call that ended a few seconds ago, with a dual-channel Twilio recording of 8 s */
    protected static CallEnded.Builder twilioCall(String recordingSid) {
        Instant ended = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(ended.plusSeconds(1))
                .setTenantId(TENANT)
                .setRecordingId(RecordingIds.of(Provider.TWILIO, recordingSid))
                .setProvider(Provider.TWILIO)
                .setProviderCallId("CA" + recordingSid.substring(2))
                .setProviderRecordingId(recordingSid)
                .setProviderAccountId(ACCOUNT_SID)
                .setCallStartedAt(ended.minusSeconds(8))
                .setCallEndedAt(ended)
                .setDurationSeconds(8)
                .setChannels(2);
    }

    /** @return an ElevenLabs conversation that ended a few seconds ago */
    protected static CallEnded.Builder elevenLabsCall(String conversationId) {
        Instant ended = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(ended.plusSeconds(1))
                .setTenantId(TENANT)
                .setRecordingId(RecordingIds.of(Provider.ELEVENLABS, conversationId))
                .setProvider(Provider.ELEVENLABS)
                .setProviderCallId(conversationId)
                .setProviderRecordingId(conversationId)
                .setCallEndedAt(ended)
                .setDurationSeconds(6)
                .setChannels(1);
    }

    /** @return the object key a call's recording is expected under */
    protected static String objectKey(CallEnded call, String extension) {
        return ObjectKeys.of(call.getTenantId(), call.getCallEndedAt(), call.getRecordingId(), extension);
    }

    /** Publishes an event on a topic, keyed by its recording id, and waits for the broker. */
    protected static void publish(String topic, UUID recordingId, SpecificRecord event) throws Exception {
        SharedInfrastructure.events().publish(topic, recordingId.toString(), event);
    }

    /** Publishes raw bytes on a topic and waits for the broker. */
    protected static void publishRaw(String topic, String key, byte[] value) throws Exception {
        SharedInfrastructure.events().publishRaw(topic, key, value);
    }

    protected static TopicReader topics() {
        return new TopicReader(SharedInfrastructure.kafka().bootstrapServers());
    }

    protected static BucketContents bucket() {
        return new BucketContents(SharedInfrastructure.s3().client(), BUCKET);
    }

    /** @return every key in the bucket that belongs to the recording */
    protected static List<String> keysOf(UUID recordingId) {
        return bucket().keys(TENANT + "/").stream().filter(key -> key.contains(recordingId.toString())).toList();
    }

    /** Waits for {@code count} RecordingStored events of a recording. */
    protected static List<RecordingStored> awaitStored(UUID recordingId, int count) {
        return topics().read(Topics.RECORDING_STORED, recordingId, count, OUTCOME_TIMEOUT).stream()
                .map(RecordingStored.class::cast).toList();
    }

    /** Waits for {@code count} RecordingFetchFailed events of a recording. */
    protected static List<RecordingFetchFailed> awaitFailed(UUID recordingId, int count) {
        return topics().read(Topics.RECORDING_FETCH_FAILED, recordingId, count, OUTCOME_TIMEOUT).stream()
                .map(RecordingFetchFailed.class::cast).toList();
    }

}
