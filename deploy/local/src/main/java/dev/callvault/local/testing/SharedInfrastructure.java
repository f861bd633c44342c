package dev.callvault.local.testing;

import dev.callvault.local.infra.ContainerServers;
import dev.callvault.local.infra.KafkaServer;
import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.infra.S3ProxyServer;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real servers of a test JVM, each started once on first use and shared by every test class: a KRaft Kafka
 * broker, PostgreSQL and S3Proxy. Tests keep apart through unique databases, buckets, tenants and recording ids.
 *
 * <p>S3Proxy's jar and work folder come from the system properties {@code callvault.test.s3proxy-jar} and
 * {@code callvault.test.work-dir}, which the parent POM's surefire configuration sets. It keeps objects in memory
 * ({@link S3ProxyServer.Storage#MEMORY}), the S3Proxy store that accepts server-side encryption headers.
 *
 * <p>With the system property {@value #CONTAINERS_PROPERTY}{@code =true} (the parent POM's {@code containers} profile
 * sets it) the three servers are containers from Testcontainers instead ({@link ContainerServers}: Kafka, PostgreSQL
 * 17, MinIO), started once per JVM in the same way and returned as the same types with the same credentials. Only that
 * path loads Testcontainers.
 */
public final class SharedInfrastructure {

    /** System property that switches the servers to Testcontainers. */
    public static final String CONTAINERS_PROPERTY = "callvault.test.containers";

    private static KafkaServer kafka;
    private static PostgresServer postgres;
    private static S3ProxyServer s3;
    private static EventPublisher events;

    private SharedInfrastructure() {
    }

    /** @return the JVM's Kafka broker, started on first call */
    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = containers() ? ContainerServers.kafka() : KafkaServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-stop"));
        }
        return kafka;
    }

    /** @return a publisher into the JVM's broker, created on first call */
    public static synchronized EventPublisher events() {
        if (events == null) {
            events = new EventPublisher(kafka().bootstrapServers());
        }
        return events;
    }

    /** @return a reader of the JVM's broker */
    public static TopicReader topics() {
        return new TopicReader(kafka().bootstrapServers());
    }

    /** @return the JVM's PostgreSQL server, started on first call */
    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = containers() ? ContainerServers.postgres() : PostgresServer.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "postgres-stop"));
        }
        return postgres;
    }

    /** @return the JVM's S3 store (S3Proxy, or MinIO on the containers path), started on first call */
    public static synchronized S3ProxyServer s3() {
        if (s3 == null && containers()) {
            s3 = ContainerServers.s3();
            Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "s3-stop"));
        }
        if (s3 == null) {
            Path workDir = Path.of(System.getProperty("callvault.test.work-dir", "target/infra"))
                    .resolve("s3proxy-" + ProcessHandle.current().pid());
            Path jar = Path.of(System.getProperty("callvault.test.s3proxy-jar", "target/infra/s3proxy.jar"));
            // in memory: unlike the filesystem store, it takes the services' default SSE-S3 (and SSE-KMS, SSE-C)
            s3 = S3ProxyServer.start(jar, 0, workDir, workDir.resolve("s3proxy.log"), S3ProxyServer.Storage.MEMORY);
        }
        return s3;
    }

    private static boolean containers() {
        return Boolean.getBoolean(CONTAINERS_PROPERTY);
    }

    /**
     * Points {@code spring.kafka.bootstrap-servers} at the shared broker.
     *
     * @param registry the test's dynamic properties
     */
    public static void registerKafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
    }

    /**
     * Creates a database on the shared server and points {@code spring.datasource.*} at it.
     *
     * @param registry the test's dynamic properties
     * @param database database name, unique per test class that needs a clean catalog
     */
    public static void registerPostgres(DynamicPropertyRegistry registry, String database) {
        String url = postgres().createDatabase(database);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresServer.USER);
        registry.add("spring.datasource.password", () -> PostgresServer.PASSWORD);
    }

    /**
     * Creates a database on the shared server for audit-service: its migrations run as the owner
     * ({@code spring.flyway.*}), the service as {@link PostgresServer#AUDIT_SERVICE_USER}, which may only read and
     * append.
     *
     * @param registry the test's dynamic properties
     * @param database database name, unique per test class that needs a clean audit log
     */
    public static void registerAuditPostgres(DynamicPropertyRegistry registry, String database) {
        String url = postgres().createDatabase(database);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> PostgresServer.AUDIT_SERVICE_USER);
        registry.add("spring.datasource.password", () -> PostgresServer.AUDIT_SERVICE_PASSWORD);
        registry.add("spring.flyway.user", () -> PostgresServer.USER);
        registry.add("spring.flyway.password", () -> PostgresServer.PASSWORD);
    }

    /**
     * Creates a bucket on the shared S3Proxy and points {@code callvault.storage.s3.*} at it.
     *
     * @param registry the test's dynamic properties
     * @param bucket   bucket name, unique per test class
     */
    public static void registerS3(DynamicPropertyRegistry registry, String bucket) {
        S3ProxyServer server = s3();
        server.createBucket(bucket);
        registry.add("callvault.storage.s3.endpoint", server::endpoint);
        registry.add("callvault.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("callvault.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
        registry.add("callvault.storage.s3.region", () -> S3ProxyServer.REGION);
        registry.add("callvault.storage.s3.bucket", () -> bucket);
    }
}
