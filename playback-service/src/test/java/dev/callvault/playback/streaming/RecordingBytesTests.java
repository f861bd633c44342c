package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.playback.cache.PlaybackCacheProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The byte cache against the tests' real S3 server (S3Proxy): blocks equal the object's bytes, the cache never holds
 * more than its bound, a deleted recording's blocks go, and a missing object is a 404-shaped failure.
 */
class RecordingBytesTests {

    private static final String BUCKET = "playback-recording-bytes-tests";
    private static final int BLOCK = 16 * 1024;

    private static RangedObjectReader reader;

    @BeforeAll
    static void givenTheBucket() {
        SharedInfrastructure.s3().createBucket(BUCKET);
        ObjectStorageProperties storage = new ObjectStorageProperties(SharedInfrastructure.s3().endpoint(),
                "callvault-local", "callvault-local-secret", BUCKET, "us-east-1",
                new ObjectStorageProperties.Encryption(dev.callvault.platform.storage.EncryptionMode.NONE, null, null,
                        null));
        reader = new RangedObjectReader(SharedInfrastructure.s3().client(), ObjectEncryption.of(storage), storage);
    }

    private static RecordingBytes bytes(long maxBytes) {
        return new RecordingBytes(reader, new PlaybackCacheProperties(DataSize.ofBytes(maxBytes),
                DataSize.ofBytes(BLOCK), 1000, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1)),
                new SimpleMeterRegistry());
    }

    private static RecordingBytes.StoredObject put(byte[] content) throws Exception {
        String key = "objects/" + UUID.randomUUID() + ".bin";
        SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(content), (long) content.length, null).build());
        return new RecordingBytes.StoredObject(UUID.randomUUID(), AudioFixtures.sha256Hex(content), BUCKET, key,
                content.length);
    }

    private static byte[] readAll(RecordingBytes bytes, RecordingBytes.StoredObject object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long blocks = (object.sizeBytes() + BLOCK - 1) / BLOCK;
        for (long i = 0; i < blocks; i++) {
            ByteBuffer block = RecordingBytes.await(bytes.block(object, i));
            byte[] chunk = new byte[block.remaining()];
            block.get(chunk);
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static byte[] random(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        return content;
    }

    @Test
    void shouldServeTheObjectsBytesBlockByBlockAndFromMemoryOnceRead() throws Exception {
        // given a real recording of a few blocks
        byte[] content = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        RecordingBytes.StoredObject object = put(content);
        RecordingBytes bytes = bytes(1024 * 1024);

        // when it is read whole, then removed from the store and read again
        byte[] first = readAll(bytes, object);
        SharedInfrastructure.s3().client().removeObject(RemoveObjectArgs.builder().bucket(BUCKET)
                .object(object.objectKey()).build());
        byte[] second = readAll(bytes, object);

        // then both reads are the object, the second from memory alone
        assertThat(AudioFixtures.sha256Hex(first)).isEqualTo(object.sha256());
        assertThat(AudioFixtures.sha256Hex(second)).isEqualTo(object.sha256());
        bytes.cleanUp();
        assertThat(bytes.cachedBytes()).isEqualTo(content.length);
    }

    @Test
    void shouldNeverHoldMoreThanItsBoundInBytes() throws Exception {
        // given a cache of 8 blocks and two objects of 20 blocks each
        RecordingBytes bytes = bytes(8L * BLOCK);
        List<RecordingBytes.StoredObject> objects = new ArrayList<>();
        objects.add(put(random(20 * BLOCK, 1)));
        objects.add(put(random(20 * BLOCK, 2)));

        // when both are read whole, twice, with some blocks asked for concurrently
        for (int round = 0; round < 2; round++) {
            for (RecordingBytes.StoredObject object : objects) {
                List<CompletableFuture<ByteBuffer>> concurrent = List.of(bytes.block(object, 3),
                        bytes.block(object, 3), bytes.block(object, 4));
                concurrent.forEach(RecordingBytes::await);
                assertThat(AudioFixtures.sha256Hex(readAll(bytes, object))).isEqualTo(object.sha256());
                bytes.cleanUp();
                // then it never holds more than 8 blocks
                assertThat(bytes.cachedBytes()).isBetween(1L, 8L * BLOCK);
            }
        }
    }

    @Test
    void shouldDropTheBlocksOfAnEvictedRecording() throws Exception {
        // given a recording read whole
        RecordingBytes bytes = bytes(1024 * 1024);
        RecordingBytes.StoredObject object = put(random(3 * BLOCK + 5, 3));
        readAll(bytes, object);

        // when it is evicted
        bytes.evict(object.recordingId());
        bytes.cleanUp();

        // then nothing of it is held
        assertThat(bytes.cachedBytes()).isZero();
    }

    @Test
    void shouldReadFromTheStoreEveryTimeWhenTurnedOff() throws Exception {
        // given a cache of 0 bytes
        RecordingBytes bytes = bytes(0);
        RecordingBytes.StoredObject object = put(random(2 * BLOCK + 1, 4));

        // when read
        byte[] read = readAll(bytes, object);

        // then the bytes are right and nothing is kept
        assertThat(AudioFixtures.sha256Hex(read)).isEqualTo(object.sha256());
        assertThat(bytes.cachedBytes()).isZero();
    }

    @Test
    void shouldFailLikeAMissingObjectAndNotKeepTheFailure() throws Exception {
        // given a recording whose object is not in the store yet
        RecordingBytes bytes = bytes(1024 * 1024);
        byte[] content = random(1000, 5);
        String key = "objects/" + UUID.randomUUID() + ".bin";
        RecordingBytes.StoredObject late = new RecordingBytes.StoredObject(UUID.randomUUID(),
                AudioFixtures.sha256Hex(content), BUCKET, key, content.length);

        // when it is read, then the object arrives and it is read again
        assertThatThrownBy(() -> RecordingBytes.await(bytes.block(late, 0)))
                .isInstanceOfSatisfying(ObjectStorageException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
        SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(content), (long) content.length, null).build());

        // then the second read asks the store again instead of repeating the kept failure
        assertThat(AudioFixtures.sha256Hex(readAll(bytes, late))).isEqualTo(late.sha256());
    }
}
