package dev.callvault.local.infra;

import dev.callvault.events.Topics;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same three servers as containers, from Testcontainers, for machines with a Docker engine (the {@code containers}
 * Maven profile): Kafka in KRaft mode ({@code apache/kafka}), PostgreSQL 17 ({@code postgres}) and MinIO
 * ({@code minio/minio}) — the images of the root {@code docker-compose.yml}. Each is returned as the type the tests
 * already use ({@link KafkaServer}, {@link PostgresServer}, {@link S3ProxyServer}), configured with the same
 * credentials, so that no test changes.
 *
 * <p>Only this class refers to Testcontainers: the embedded path never loads it, and the Testcontainers jars are on a
 * test classpath only under the profile.
 */
public final class ContainerServers {

    /** Kafka image: the broker version Spring Boot manages for the clients. */
    static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.2.1");
    /** PostgreSQL image: the major version of the embedded binaries. */
    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17");
    /** MinIO image, as in {@code docker-compose.yml}. */
    static final DockerImageName MINIO_IMAGE = DockerImageName.parse("minio/minio:latest");

    private static String dockerUnavailable;

    private ContainerServers() {
    }

    /**
     * Fails unless Testcontainers finds a running Docker engine (by {@code DOCKER_HOST}, {@code docker.host} in
     * {@code ~/.testcontainers.properties}, {@code /var/run/docker.sock} and its other strategies). The answer is
     * kept, so that every later caller fails at once.
     *
     * @throws IllegalStateException naming what to do when there is no engine
     */
    public static synchronized void requireDocker() {
        if (dockerUnavailable == null) {
            dockerUnavailable = DockerClientFactory.instance().isDockerAvailable() ? "" : "the containers profile needs a"
                    + " Docker engine: none answered Testcontainers (it looks at DOCKER_HOST, docker.host in"
                    + " ~/.testcontainers.properties, /var/run/docker.sock). Start one, or build without -Pcontainers to"
                    + " use the embedded Kafka, PostgreSQL and S3Proxy.";
        }
        if (!dockerUnavailable.isEmpty()) {
            throw new IllegalStateException(dockerUnavailable);
        }
    }

    /**
     * Starts a KRaft broker container with the contract topics and their dead-letter topics ({@link
     * Topics#PARTITIONS} partitions each) and the broker settings of the embedded one.
     *
     * @return the broker; closing it stops the container
     * @throws IllegalStateException without a Docker engine, or if the container does not start
     */
    public static KafkaServer kafka() {
        requireDocker();
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(Topics.PARTITIONS))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return KafkaServer.external(container.getBootstrapServers(), container::stop);
    }

    /**
     * Starts a PostgreSQL container whose superuser is {@link PostgresServer#USER} / {@link PostgresServer#PASSWORD},
     * so that the databases created per test class belong to the role the services log in with.
     *
     * @return the server; closing it stops the container
     * @throws IllegalStateException without a Docker engine, or if the container does not start
     */
    public static PostgresServer postgres() {
        requireDocker();
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withUsername(PostgresServer.USER)
                .withPassword(PostgresServer.PASSWORD);
        container.start();
        return PostgresServer.external(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                container::stop);
    }

    /**
     * Starts a MinIO container whose root credentials are {@link S3ProxyServer#ACCESS_KEY} /
     * {@link S3ProxyServer#SECRET_KEY} (MinIO answers for region {@link S3ProxyServer#REGION} by default).
     *
     * @return the store; closing it stops the container
     * @throws IllegalStateException without a Docker engine, or if the container does not start
     */
    public static S3ProxyServer s3() {
        requireDocker();
        MinIOContainer container = new MinIOContainer(MINIO_IMAGE)
                .withUserName(S3ProxyServer.ACCESS_KEY)
                .withPassword(S3ProxyServer.SECRET_KEY)
                // MinIO's built-in KMS key, as in docker-compose.yml: without a KMS, MinIO refuses SSE-S3 puts
                .withEnv("MINIO_KMS_SECRET_KEY", "callvault-local-key:wSBo0h3Kfb8yDHAeJ1qZOaD8M9uYrk4ibxQmFmTGMpg=");
        container.start();
        return S3ProxyServer.external(container.getS3URL(), container::stop);
    }
}
