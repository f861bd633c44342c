package dev.callvault.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * The servers as stand-ins for endpoints started elsewhere — what the Testcontainers path hands out — checked against
 * the embedded servers of this JVM, since these machines have no Docker engine.
 */
class ExternalServersTests {

    @Test
    void shouldCreateADatabaseOwnedByTheServiceRoleOnAnExternalServer() throws Exception {
        // given: the embedded server reached only by URL, as its superuser, with a parameter to keep
        PostgresServer embedded = SharedInfrastructure.postgres();
        AtomicBoolean stopped = new AtomicBoolean();
        PostgresServer external = PostgresServer.external(embedded.jdbcUrl("postgres") + "?ApplicationName=external",
                "postgres", "", () -> stopped.set(true));
        String database = "external_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        // when
        String url = external.createDatabase(database);
        external.close();

        // then: the service role logs in to a database it owns, on the same port; closing ran only the stop action
        assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + embedded.port() + "/" + database
                + "?ApplicationName=external");
        assertThat(external.port()).isEqualTo(embedded.port());
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
             ResultSet result = connection.createStatement().executeQuery("SELECT current_database(),"
                     + " pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(database);
            assertThat(result.getString(2)).isEqualTo(PostgresServer.USER);
        }
        assertThat(stopped).isTrue();
    }

    @Test
    void shouldRejectAUrlThatIsNotPostgresWithoutEchoingItsParameters() {
        assertThatThrownBy(() -> PostgresServer.external("jdbc:mysql://127.0.0.1:3306/x?password=hunter2", "root", "",
                () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql://127.0.0.1:3306/x")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldCreateTopicsWithTheContractPartitionsOnAnExternalBroker() throws Exception {
        // given: the embedded broker reached only by its address (its contract topics exist already)
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        AtomicBoolean stopped = new AtomicBoolean();
        KafkaServer external = KafkaServer.external(bootstrap, () -> stopped.set(true));
        String topic = "external-" + UUID.randomUUID();

        // when
        external.createTopics(topic);
        external.createTopics(topic);
        external.close();

        // then
        assertThat(external.bootstrapServers()).isEqualTo(bootstrap);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // the controller has created the topic; the broker's metadata follows shortly after
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .contains(topic, Topics.CALL_ENDED, Topics.deadLetter(Topics.CALL_ENDED)));
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(Topics.PARTITIONS);
        }
        assertThat(stopped).isTrue();
    }

    @Test
    void shouldStoreAndReturnTheSameBytesThroughAnExternalStore() throws Exception {
        // given: the shared S3Proxy reached only by its endpoint
        S3ProxyServer embedded = SharedInfrastructure.s3();
        AtomicBoolean stopped = new AtomicBoolean();
        S3ProxyServer external = S3ProxyServer.external(embedded.endpoint(), () -> stopped.set(true));
        String bucket = "external-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // when
        external.createBucket(bucket);
        external.client().putObject(PutObjectArgs.builder().bucket(bucket).object("t/a.mp3")
                .stream(new ByteArrayInputStream(audio), (long) audio.length, -1L).contentType("audio/mpeg").build());
        external.close();

        // then: the bytes are in the embedded store, which still runs
        assertThat(new BucketContents(embedded.client(), bucket).sha256("t/a.mp3"))
                .isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(external.endpoint()).isEqualTo(embedded.endpoint());
        assertThatThrownBy(external::pid).isInstanceOf(IllegalStateException.class);
        assertThat(stopped).isTrue();
    }
}
