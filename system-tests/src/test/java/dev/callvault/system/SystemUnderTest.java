package dev.callvault.system;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.infra.S3ProxyServer;
import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The system as deployed, started once per test JVM: the shared broker, PostgreSQL and S3Proxy, WireMock playing
 * Twilio and ElevenLabs (tenants {@code acme} and {@code initech}, on one Twilio account), and the five services
 * each as its own process from its executable jar: ingest-service, fetch-worker (with a 128 MB heap),
 * storage-service, playback-service (with a 256 MB heap) and audit-service.
 */
final class SystemUnderTest {

    static final String TENANT = "acme";
    /** A second tenant on {@link #TENANT}'s Twilio account (the same account SID and auth token). */
    static final String SHARING_TENANT = "initech";
    static final String TWILIO_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String TWILIO_AUTH_TOKEN = "acme-twilio-auth-token";
    static final String ELEVENLABS_API_KEY = "acme-elevenlabs-api-key";
    static final String ELEVENLABS_WEBHOOK_SECRET = "acme-elevenlabs-webhook-secret";
    static final String JWT_SECRET = "system-test-jwt-secret-0123456789-0123456789";
    static final String PUBLIC_BASE_URL = "https://hooks.callvault.test";
    static final String BUCKET = "recordings";
    /** The fetch-worker's heap: a 200 MB recording must pass through it. */
    static final String FETCH_WORKER_HEAP = "128m";
    /** playback-service's heap: 200 concurrent streams of a 100 MB recording must pass through it. */
    static final String PLAYBACK_HEAP = "256m";
    static final String SIGNING_KID = "system";
    static final String SIGNING_KEY = "system-test-signing-key-0123456789-0123456789";

    private static SystemUnderTest instance;

    final WireMockServer provider;
    final ServiceProcess ingest;
    /** Replaced by {@link #whileFetchWorkerStopped(Runnable)}. */
    volatile ServiceProcess fetchWorker;
    final ServiceProcess storage;
    final ServiceProcess playback;
    final ServiceProcess audit;
    final TopicReader topics;
    final BucketContents bucket;
    final Path workDir;
    private final Map<String, String> fetchProperties = new HashMap<>();
    private final Map<String, String> commonProperties = new HashMap<>();
    private final Path logs;
    private int fetchWorkerStarts = 1;

    private SystemUnderTest() throws Exception {
        workDir = Files.createDirectories(Path.of(System.getProperty("callvault.test.work-dir", "target/infra")));
        provider = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .usingFilesUnderDirectory(Files.createDirectories(workDir.resolve("wiremock")).toString())
                .containerThreads(40));
        provider.start();
        Runtime.getRuntime().addShutdownHook(new Thread(provider::stop, "wiremock-stop"));

        String kafka = SharedInfrastructure.kafka().bootstrapServers();
        S3ProxyServer s3 = SharedInfrastructure.s3();
        s3.createBucket(BUCKET);
        String jdbcUrl = SharedInfrastructure.postgres().createDatabase("storage_system");
        String playbackJdbcUrl = SharedInfrastructure.postgres().createDatabase("playback_system");
        String auditJdbcUrl = SharedInfrastructure.postgres().createDatabase("audit_system");
        topics = new TopicReader(kafka);
        bucket = new BucketContents(s3.client(), BUCKET);

        Map<String, String> common = new HashMap<>();
        common.put("spring.kafka.bootstrap-servers", kafka);
        common.put("callvault.providers.twilio.api-base-url", provider.baseUrl());
        common.put("callvault.providers.elevenlabs.api-base-url", provider.baseUrl());
        common.put("callvault.tenants." + TENANT + ".twilio.account-sid", TWILIO_ACCOUNT_SID);
        common.put("callvault.tenants." + TENANT + ".twilio.auth-token", TWILIO_AUTH_TOKEN);
        common.put("callvault.tenants." + SHARING_TENANT + ".twilio.account-sid", TWILIO_ACCOUNT_SID);
        common.put("callvault.tenants." + SHARING_TENANT + ".twilio.auth-token", TWILIO_AUTH_TOKEN);
        common.put("callvault.tenants." + TENANT + ".elevenlabs.api-key", ELEVENLABS_API_KEY);
        common.put("callvault.tenants." + TENANT + ".elevenlabs.webhook-secret", ELEVENLABS_WEBHOOK_SECRET);
        common.put("logging.level.org.apache.kafka", "WARN");
        // the system runs on the repository's published local credentials, which services accept only in this profile
        common.put("spring.profiles.active", LocalStack.LOCAL_PROFILE);
        common.put("callvault.storage.s3.endpoint", s3.endpoint());
        common.put("callvault.storage.s3.access-key", S3ProxyServer.ACCESS_KEY);
        common.put("callvault.storage.s3.secret-key", S3ProxyServer.SECRET_KEY);
        common.put("callvault.storage.s3.region", S3ProxyServer.REGION);
        common.put("callvault.storage.s3.bucket", BUCKET);
        common.put("callvault.security.jwt.hmac-secret", JWT_SECRET);

        logs = Path.of(System.getProperty("callvault.system.log-dir", "target/service-logs"));
        commonProperties.putAll(common);

        Map<String, String> storageProperties = new HashMap<>(common);
        storageProperties.put("spring.datasource.url", jdbcUrl);
        storageProperties.put("spring.datasource.username", PostgresServer.USER);
        storageProperties.put("spring.datasource.password", PostgresServer.PASSWORD);
        storage = ServiceProcess.start("storage-service", jar("storage"), "256m", storageProperties, logs);

        Map<String, String> playbackProperties = new HashMap<>(common);
        playbackProperties.put("spring.datasource.url", playbackJdbcUrl);
        playbackProperties.put("spring.datasource.username", PostgresServer.USER);
        playbackProperties.put("spring.datasource.password", PostgresServer.PASSWORD);
        playbackProperties.put("callvault.playback.signing-keys." + SIGNING_KID, SIGNING_KEY);
        playbackProperties.put("callvault.playback.active-kid", SIGNING_KID);
        playback = ServiceProcess.start("playback-service", jar("playback"), PLAYBACK_HEAP, playbackProperties, logs);

        Map<String, String> auditProperties = new HashMap<>(common);
        auditProperties.put("spring.datasource.url", auditJdbcUrl);
        auditProperties.put("spring.datasource.username", PostgresServer.AUDIT_SERVICE_USER);
        auditProperties.put("spring.datasource.password", PostgresServer.AUDIT_SERVICE_PASSWORD);
        auditProperties.put("spring.flyway.user", PostgresServer.USER);
        auditProperties.put("spring.flyway.password", PostgresServer.PASSWORD);
        audit = ServiceProcess.start("audit-service", jar("audit"), "256m", auditProperties, logs);

        fetchProperties.putAll(common);
        // Short back-off so that the fault scenarios finish in seconds, not minutes.
        fetchProperties.put("callvault.fetch.retry.initial-interval", "PT0.2S");
        fetchProperties.put("callvault.fetch.retry.multiplier", "2");
        fetchProperties.put("callvault.fetch.retry.max-interval", "PT2S");
        fetchProperties.put("callvault.fetch.retry.max-attempts", "8");
        fetchWorker = ServiceProcess.start("fetch-worker", jar("fetch"), FETCH_WORKER_HEAP, fetchProperties, logs);

        Map<String, String> ingestProperties = new HashMap<>(common);
        ingestProperties.put("callvault.ingest.public-base-url", PUBLIC_BASE_URL);
        ingest = ServiceProcess.start("ingest-service", jar("ingest"), "256m", ingestProperties, logs);
    }

    /**
     * Starts a media-worker beside the system, in a consumer group of its own that starts at the end of the topics
     * (so it decodes no recording stored before), and waits until it is healthy. Not part of the system by default:
     * it would decode every recording the other tests store. The caller closes it.
     *
     * @return the process
     */
    ServiceProcess startMediaWorker() {
        Map<String, String> properties = new HashMap<>(commonProperties);
        properties.put("spring.kafka.consumer.group-id", "media-worker-" + java.util.UUID.randomUUID());
        properties.put("spring.kafka.consumer.auto-offset-reset", "latest");
        return ServiceProcess.start("media-worker", jar("media"), "128m", properties, logs);
    }

    /**
     * Stops the fetch-worker process gracefully (its consumers leave group {@code fetch-worker}), runs the action, and
     * starts fetch-worker again with the same settings, waiting until it is healthy. Its new log is
     * {@code fetch-worker-<n>.log}.
     *
     * @param action what to do while no fetch-worker runs, e.g. reset its consumer group
     */
    synchronized void whileFetchWorkerStopped(Runnable action) {
        fetchWorker.close();
        try {
            action.run();
        } finally {
            fetchWorkerStarts++;
            fetchWorker = ServiceProcess.start("fetch-worker-" + fetchWorkerStarts, jar("fetch"), FETCH_WORKER_HEAP,
                    fetchProperties, logs);
        }
    }

    /** @return the running system, started on first call */
    static synchronized SystemUnderTest get() {
        if (instance == null) {
            try {
                instance = new SystemUnderTest();
            } catch (Exception e) {
                throw new IllegalStateException("the system did not start", e);
            }
        }
        return instance;
    }

    private static Path jar(String service) {
        String path = System.getProperty("callvault.system." + service + "-jar");
        if (path == null) {
            throw new IllegalStateException("system property callvault.system." + service + "-jar is not set");
        }
        return Path.of(path);
    }
}
