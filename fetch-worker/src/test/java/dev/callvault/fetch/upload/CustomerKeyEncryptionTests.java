package dev.callvault.fetch.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.ServerSideEncryption;
import dev.callvault.platform.audio.AudioFormat;
import dev.callvault.fetch.FetchProperties;
import dev.callvault.local.infra.S3ProxyServer;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.platform.storage.EncryptionMode;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.platform.storage.RecordingTombstones;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * SSE-C end to end against a real S3 server that enforces it: S3Proxy 4.1 in memory over HTTPS (the MinIO client sends
 * customer keys only over TLS). An object put with the key reads back byte-identical with it, and the store refuses to
 * read or stat it without the key. No Spring context: the recordings bucket's code with an SSE-C configuration.
 */
class CustomerKeyEncryptionTests {

    private static final String BUCKET = "sse-c-tests";
    private static S3ProxyServer server;

    @BeforeAll
    static void startS3ProxyWithTls() {
        Path workDir = Path.of(System.getProperty("callvault.test.work-dir", "target/infra"))
                .resolve("s3proxy-tls-" + ProcessHandle.current().pid());
        server = S3ProxyServer.startWithTls(Path.of(System.getProperty("callvault.test.s3proxy-jar",
                "target/infra/s3proxy.jar")), workDir);
    }

    @AfterAll
    static void stopS3Proxy() {
        server.close();
    }

    @Test
    void shouldPutWithTheCustomerKeyReadBackWithItAndBeRefusedWithoutIt() throws Exception {
        // given SSE-C with a random 256-bit key named "recordings-test-1" over https
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        MinioClient client = server.secureClient();
        client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        ObjectStorageProperties storage = new ObjectStorageProperties(server.secureEndpoint(), S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, BUCKET, S3ProxyServer.REGION, new ObjectStorageProperties.Encryption(
                        EncryptionMode.SSE_C, null, Base64.getEncoder().encodeToString(key), "recordings-test-1"));
        ObjectEncryption encryption = ObjectEncryption.of(storage);
        RecordingTombstones tombstones = new RecordingTombstones(client, encryption, storage);
        RecordingStore store = new RecordingStore(client, encryption, tombstones, storage,
                new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 1, DataSize.ofMegabytes(8), null,
                        null, 1, null, 64, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4)), new UploadMemory(64L << 20));
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String objectKey = "acme/2026/11/22/" + UUID.randomUUID() + ".mp3";

        // when a recording is uploaded, then found again
        StoredRecording uploaded = store.upload(objectKey, AudioFormat.MP3,
                new MeasuringInputStream(new ByteArrayInputStream(audio), audio.length), audio.length);
        StoredRecording found = store.find(objectKey).orElseThrow();

        // then the store reports SSE-C, recorded under the key's name (never the key)
        assertThat(uploaded.encryption()).isEqualTo(new ObjectEncryption.Applied(EncryptionMode.SSE_C,
                "recordings-test-1"));
        assertThat(uploaded.encryption().mode().toEvent()).isEqualTo(ServerSideEncryption.SSE_C);
        assertThat(found.encryption()).isEqualTo(uploaded.encryption());
        assertThat(found.sha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        // and the bytes read back identical with the key
        assertThat(AudioFixtures.sha256Hex(client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(objectKey)
                .ssec(encryption.forRead()).build()))).isEqualTo(AudioFixtures.sha256Hex(audio));
        // and without the key the store refuses both the bytes and the metadata
        assertThatThrownBy(() -> client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(objectKey).build())
                .close()).isInstanceOf(ErrorResponseException.class);
        assertThatThrownBy(() -> client.statObject(StatObjectArgs.builder().bucket(BUCKET).object(objectKey).build()))
                .isInstanceOf(ErrorResponseException.class);

        // and a tombstone written with the key is found with it
        UUID recordingId = UUID.randomUUID();
        tombstones.write("acme", recordingId, "RETENTION", Instant.now());
        assertThat(store.deletion("acme", recordingId)).contains("RETENTION");
        assertThat(store.deletion("acme", UUID.randomUUID())).isEmpty();
    }
}
