package dev.callvault.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.infra.S3ProxyServer;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import io.minio.AbortMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MinioAsyncClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one test configuration every Spring test of the module shares (so the context cache keeps exactly one worker,
 * one consumer group member set): the shared real Kafka broker and S3Proxy, and one WireMock server, started once,
 * playing Twilio (under {@code /twilio}), ElevenLabs (under {@code /elevenlabs}) and Vapi (its API under
 * {@code http://localhost:<port>/vapi}, its recording storage on host {@code 127.0.0.1}). Short retry intervals, a
 * retry window of 7 s (retry topics at 1 s and 2 s) and a small circuit breaker (opens after 5 provider faults in a
 * row, half-opens after 2 s) keep the run fast. Tests keep apart through fresh recording ids, and through tenants of their
 * own where provider faults would otherwise trip another test's breaker. Recordings above 12 MB are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".twilio.account-sid=" + FetchWorkerTestSupport.ACCOUNT_SID,
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".twilio.auth-token=" + FetchWorkerTestSupport.AUTH_TOKEN,
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".elevenlabs.api-key=" + FetchWorkerTestSupport.XI_API_KEY,
        "callvault.tenants." + FetchWorkerTestSupport.TENANT + ".vapi.api-key="
                + FetchWorkerTestSupport.VAPI_API_KEY,
        "callvault.providers.vapi.recording-hosts=" + FetchWorkerTestSupport.VAPI_STORAGE_HOST,
        "callvault.tenants." + FetchWorkerTestSupport.STORM_TENANT + ".twilio.account-sid="
                + FetchWorkerTestSupport.ACCOUNT_SID,
        "callvault.tenants." + FetchWorkerTestSupport.STORM_TENANT + ".twilio.auth-token="
                + FetchWorkerTestSupport.AUTH_TOKEN,
        "callvault.tenants." + FetchWorkerTestSupport.OUTAGE_TENANT + ".twilio.account-sid="
                + FetchWorkerTestSupport.ACCOUNT_SID,
        "callvault.tenants." + FetchWorkerTestSupport.OUTAGE_TENANT + ".twilio.auth-token="
                + FetchWorkerTestSupport.AUTH_TOKEN,
        "callvault.fetch.retry.initial-interval=PT0.2S",
        "callvault.fetch.retry.max-interval=PT0.5S",
        "callvault.fetch.retry.max-attempts=3",
        "callvault.fetch.retry.budget=PT3S",
        "callvault.fetch.retry-window=PT7S",
        "callvault.fetch.retry-topics.initial-delay=PT1S",
        "callvault.fetch.retry-topics.max-delay=PT2S",
        "callvault.fetch.part-size=5MB",
        "callvault.fetch.max-recording-size=12MB",
        "callvault.fetch.http.read-timeout=PT5S",
        "resilience4j.circuitbreaker.configs.default.sliding-window-size=5",
        "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=5",
        "resilience4j.circuitbreaker.configs.default.failure-rate-threshold=100",
        "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=PT2S",
        "resilience4j.circuitbreaker.configs.default.permitted-number-of-calls-in-half-open-state=1"
})
public abstract class FetchWorkerTestSupport {

    protected static final String TENANT = "acme";
    /** A tenant of its own for a 503 storm, so that its faults never open {@link #TENANT}'s circuit breaker. */
    protected static final String STORM_TENANT = "storm";
    /** A tenant of its own for the circuit breaker tests. */
    protected static final String OUTAGE_TENANT = "outage";
    protected static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    protected static final String AUTH_TOKEN = "acme-twilio-token";
    protected static final String XI_API_KEY = "acme-elevenlabs-key";
    protected static final String VAPI_API_KEY = "acme-vapi-key";
    /**
     * The one host of Vapi's pre-signed recording URLs in the tests: WireMock addressed by IP, while the Vapi API is
     * the same WireMock addressed as {@code localhost}, a different host.
     */
    protected static final String VAPI_STORAGE_HOST = "127.0.0.1";
    protected static final String BUCKET = "fetch-worker-tests";
    protected static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(30);
    /** The state that {@link #answerUntilSwitched} switches on. */
    protected static final String SWITCHED = "switched";
    /** A real dual-channel MP3 as Twilio serves it. */
    protected static final byte[] AUDIO = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

    /** Twilio, ElevenLabs and Vapi, for every test class of the module. */
    protected static final WireMockServer PROVIDER = ProviderStub.SERVER;


    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.registerKafka(registry);
        SharedInfrastructure.registerS3(registry, BUCKET);
        registry.add("callvault.providers.twilio.api-base-url", () -> PROVIDER.baseUrl() + "/twilio");
        registry.add("callvault.providers.elevenlabs.api-base-url", () -> PROVIDER.baseUrl() + "/elevenlabs");
        registry.add("callvault.providers.vapi.api-base-url", () -> vapiApiBaseUrl());
    }

    /**
     * GETs a path of the worker's own HTTP port.
     *
     * @param path e.g. {@code /actuator/health}
     * @return the answer, body as a string
     */
    protected HttpResponse<String> getFromWorker(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** @return Vapi's API in the tests: WireMock as {@code localhost}, a host outside the recording-host allowlist */
    protected static String vapiApiBaseUrl() {
        return "http://localhost:" + PROVIDER.port() + "/vapi";
    }

    /** @return a URL of {@code path} on the allowed Vapi storage host (WireMock as {@value #VAPI_STORAGE_HOST}) */
    protected static String vapiStorageUrl(String pathAndQuery) {
        return "http://" + VAPI_STORAGE_HOST + ":" + PROVIDER.port() + pathAndQuery;
    }

    /** @return a fresh Vapi call id (a UUID, as Vapi's) */
    protected static String newVapiCallId() {
        return UUID.randomUUID().toString();
    }

    /** @return a Vapi call that ended a few seconds ago, with a stereo recording of 8 s and no recording URL */
    protected static CallEnded.Builder vapiCall(String callId) {
        CallEnded.Builder call = endedAFewSecondsAgo(Provider.VAPI, callId);
        return call.setCallStartedAt(call.getCallEndedAt().minusSeconds(8)).setDurationSeconds(8).setChannels(2);
    }

    /**
     * @param provider            the provider
     * @param providerRecordingId its recording id, also the call id
     * @return a call of {@link #TENANT} that ended five seconds ago, announced a second later
     */
    private static CallEnded.Builder endedAFewSecondsAgo(Provider provider, String providerRecordingId) {
        Instant ended = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(ended.plusSeconds(1))
                .setTenantId(TENANT)
                .setRecordingId(RecordingIds.of(TENANT, provider, providerRecordingId))
                .setProvider(provider)
                .setProviderCallId(providerRecordingId)
                .setProviderRecordingId(providerRecordingId)
                .setCallEndedAt(ended);
    }

    /** @return a backfill command for the call's recording */
    protected static FetchRequested backfillOf(CallEnded call) {
        return FetchRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(call.getTenantId())
                .setRecordingId(call.getRecordingId())
                .setProvider(call.getProvider())
                .setProviderRecordingId(call.getProviderRecordingId())
                .setProviderAccountId(call.getProviderAccountId())
                .setCallEndedAt(call.getCallEndedAt())
                .setChannels(call.getChannels())
                .setReason("BACKFILL")
                .build();
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
        CallEnded.Builder call = endedAFewSecondsAgo(Provider.TWILIO, recordingSid);
        return call.setProviderCallId("CA" + recordingSid.substring(2))
                .setProviderAccountId(ACCOUNT_SID)
                .setCallStartedAt(call.getCallEndedAt().minusSeconds(8))
                .setDurationSeconds(8)
                .setChannels(2);
    }

    /** @return {@link #twilioCall(String)} of another tenant, with that tenant's recording id */
    protected static CallEnded.Builder twilioCall(String tenant, String recordingSid) {
        return twilioCall(recordingSid).setTenantId(tenant)
                .setRecordingId(RecordingIds.of(tenant, Provider.TWILIO, recordingSid));
    }

    /** @return an ElevenLabs conversation that ended a few seconds ago */
    protected static CallEnded.Builder elevenLabsCall(String conversationId) {
        return endedAFewSecondsAgo(Provider.ELEVENLABS, conversationId).setDurationSeconds(6).setChannels(1);
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
        return bucket().keys("").stream().filter(key -> key.contains(recordingId.toString())).toList();
    }

    /** @return a 200 answer with the Twilio fixture MP3 ({@link #AUDIO}) */
    protected static ResponseDefinitionBuilder audio() {
        return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(AUDIO);
    }

    /**
     * A call of a fresh Twilio recording (not yet published) whose media WireMock serves as the given answers, one
     * after another.
     *
     * @param tenant  the tenant
     * @param answers the provider's answers, in turn; the last one repeats
     * @return the call
     */
    protected static CallEnded twilioCallAnswered(String tenant, ResponseDefinitionBuilder... answers) {
        String sid = newRecordingSid();
        answerInTurn(twilioMediaPath(sid, "mp3"), answers);
        return twilioCall(tenant, sid).build();
    }

    /** @return the path WireMock serves a Twilio call's MP3 at */
    protected static String mediaPath(CallEnded call) {
        return twilioMediaPath(call.getProviderRecordingId(), "mp3");
    }

    /**
     * Serves {@code before} on the path until the test sets the returned scenario to {@link #SWITCHED}, then
     * {@code after}.
     *
     * @return the WireMock scenario's name
     */
    protected static String answerUntilSwitched(String path, ResponseDefinitionBuilder before,
            ResponseDefinitionBuilder after) {
        String scenario = "switch-" + path;
        PROVIDER.stubFor(get(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(before));
        PROVIDER.stubFor(get(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs(SWITCHED)
                .willReturn(after));
        return scenario;
    }

    /** Serves the answers one after another on the path (a WireMock scenario named after the path). */
    protected static void answerInTurn(String path, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer-" + i;
            var stub = get(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(state).willReturn(answers[i]);
            if (i < answers.length - 1) {
                stub = stub.willSetStateTo("answer-" + (i + 1));
            }
            PROVIDER.stubFor(stub);
        }
    }

    /**
     * Asserts that the call's recording was stored once, as {@link #AUDIO} byte for byte, and that the bucket holds
     * nothing else of it.
     */
    protected static void assertStoredByteForByte(CallEnded call) {
        assertStoredByteForByte(call, AUDIO);
    }

    /** Asserts that the call's recording was stored once, as {@code bytes}, and nothing else of it is in the bucket. */
    protected static void assertStoredByteForByte(CallEnded call, byte[] bytes) {
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        String key = objectKey(call, "mp3");
        assertThat(stored.getFirst().getObjectKey()).isEqualTo(key);
        assertThat(stored.getFirst().getSha256()).isEqualTo(AudioFixtures.sha256Hex(bytes));
        assertThat(stored.getFirst().getSizeBytes()).isEqualTo(bytes.length);
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(bytes));
        assertThat(keysOf(call.getRecordingId())).containsExactly(key);
    }

    /**
     * Lists the multipart uploads begun and neither completed nor aborted under a key prefix (S3 ListMultipartUploads).
     * Checks first, with a probe upload begun and aborted under the prefix, that the store lists them at all, so that
     * an empty answer means something.
     *
     * @param prefix key prefix
     * @return the keys of those uploads, the probe left out
     */
    protected static List<String> incompleteUploads(String prefix) throws Exception {
        try (MinioAsyncClient client = MinioAsyncClient.builder().endpoint(SharedInfrastructure.s3().endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).region(S3ProxyServer.REGION)
                .build()) {
            String probe = prefix + ".probe";
            String probeId = client.createMultipartUpload(CreateMultipartUploadArgs.builder().bucket(BUCKET)
                    .object(probe).build()).get().result().uploadId();
            List<String> keys;
            try {
                var result = client.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(BUCKET)
                        .prefix(prefix).build()).get().result();
                keys = result.uploads() == null ? List.of()
                        : result.uploads().stream().map(upload -> upload.objectName()).toList();
            } finally {
                client.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(BUCKET).object(probe)
                        .uploadId(probeId).build()).get();
            }
            assertThat(keys).as("the store lists incomplete multipart uploads").contains(probe);
            return keys.stream().filter(key -> !key.equals(probe)).toList();
        }
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
