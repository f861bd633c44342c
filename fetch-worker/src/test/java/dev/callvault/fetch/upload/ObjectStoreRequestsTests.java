package dev.callvault.fetch.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.local.infra.S3ProxyServer;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.platform.audio.AudioFormat;
import dev.callvault.platform.storage.EncryptionMode;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageConfiguration;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.platform.storage.ObjectStoreRequestMetrics;
import dev.callvault.platform.storage.RecordingTombstones;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The requests a new recording costs the object store, counted by the platform's request counter
 * ({@code callvault.object_store.requests}) on a client of its own against the shared S3Proxy: one HEAD of the key,
 * one HEAD of the tombstone and one PUT that carries the SHA-256 when the body fits in one part; a multipart upload
 * adds the self-copy that attaches the SHA-256 at the end.
 */
class ObjectStoreRequestsTests {

    private static final String BUCKET = "fetch-worker-requests-tests";
    private static final DataSize PART = DataSize.ofMegabytes(5);

    private SimpleMeterRegistry meters;
    private RecordingStore store;
    private MinioClient client;

    @BeforeEach
    void storeWithCountedRequests() {
        S3ProxyServer s3 = SharedInfrastructure.s3();
        s3.createBucket(BUCKET);
        meters = new SimpleMeterRegistry();
        ObjectStorageProperties storage = new ObjectStorageProperties(s3.endpoint(), S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, BUCKET, S3ProxyServer.REGION,
                new ObjectStorageProperties.Encryption(EncryptionMode.NONE, null, null, null));
        client = MinioClient.builder().endpoint(s3.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).region(S3ProxyServer.REGION)
                .httpClient(ObjectStorageConfiguration.httpClient(storage.http(),
                        List.of(new ObjectStoreRequestMetrics(meters))), true)
                .build();
        ObjectEncryption encryption = ObjectEncryption.of(storage);
        store = new RecordingStore(client, encryption, new RecordingTombstones(client, encryption, storage), storage,
                new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 1, PART, null, null, 1, null,
                        64, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4)), new UploadMemory(DataSize.ofMegabytes(64).toBytes()));
    }

    @Test
    void shouldStoreANewRecordingThatFitsInOnePartWithTwoHeadsAndOnePut() throws Exception {
        // given a new recording of a few KiB, with and without a declared length
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        for (long declared : new long[] {audio.length, -1}) {
            meters.clear();
            UUID recordingId = UUID.randomUUID();
            String key = "acme/2026/11/22/" + recordingId + ".mp3";

            // when the fetch looks it up, checks its tombstone and uploads it
            assertThat(store.find(key)).isEmpty();
            assertThat(store.deletion("acme", recordingId)).isEmpty();
            StoredRecording stored = store.upload(key, AudioFormat.MP3,
                    new MeasuringInputStream(new ByteArrayInputStream(audio), declared), declared);

            // then three requests reached the store: no LIST, no COPY
            assertThat(count("head")).as("HEADs, declared length %d", declared).isEqualTo(2);
            assertThat(count("put")).as("PUTs").isEqualTo(1);
            assertThat(count("list") + count("copy") + count("post") + count("get")).isZero();
            // and the object carries its SHA-256 from the PUT itself, and the bytes match
            assertThat(stored.sha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
            assertThat(client.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build())
                    .userMetadata().getFirst(RecordingStore.SHA256_METADATA)).isEqualTo(stored.sha256());
            assertThat(new BucketContents(client, BUCKET).sha256(key)).isEqualTo(stored.sha256());
        }
    }

    @Test
    void shouldAttachTheShaByOneCopyWhenTheBodyNeedsAMultipartUpload() throws Exception {
        // given a body of one part and a bit, of unknown length (generated: 5 MiB + 100 KiB of noise)
        byte[] body = new byte[(int) PART.toBytes() + 100 * 1024];
        new Random(7).nextBytes(body);
        String key = "acme/2026/11/22/" + UUID.randomUUID() + ".mp3";
        meters.clear();

        // when it is uploaded
        StoredRecording stored;
        try (InputStream stream = new ByteArrayInputStream(body)) {
            stored = store.upload(key, AudioFormat.MP3, new MeasuringInputStream(stream, -1), -1);
        }

        // then a multipart upload and one copy wrote it, with the right size, SHA-256 and metadata
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(stored.sha256()).isEqualTo(sha256);
        assertThat(stored.sizeBytes()).isEqualTo(body.length);
        assertThat(count("copy")).isEqualTo(1);
        assertThat(count("put")).as("the parts").isEqualTo(2);
        assertThat(new BucketContents(client, BUCKET).sha256(key)).isEqualTo(sha256);
        assertThat(client.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build())
                .userMetadata().getFirst(RecordingStore.SHA256_METADATA)).isEqualTo(sha256);
    }

    private long count(String operation) {
        return Math.round(meters.find(ObjectStoreRequestMetrics.METER).tag("operation", operation).counters()
                .stream().mapToDouble(Counter::count).sum());
    }
}
