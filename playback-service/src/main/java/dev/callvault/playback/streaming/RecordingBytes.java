package dev.callvault.playback.streaming;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.callvault.playback.cache.PlaybackCacheProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The bytes of stored recordings, read from the store in blocks of {@code callvault.playback.cache.block-size} bytes
 * (block {@code i} is bytes {@code [i * blockSize, min((i + 1) * blockSize, size))}) and kept in a cache bounded in
 * bytes ({@code callvault.playback.cache.max-bytes}).
 *
 * <p>A block is identified by the recording, the object's SHA-256 and its index: objects are immutable and named by
 * their checksum, so a block once read is valid for as long as the recording is (a re-stored object has a new
 * checksum, hence new blocks). Blocks are direct buffers: off the Java heap, never on disk, so SSE-C's plaintext
 * never reaches a file. Concurrent requests for a missing block share one read from the store. A failed read is not
 * kept. {@link #evict(UUID)} drops a recording's blocks; deletion is also checked on every request through the read
 * model, so a deleted recording is refused even before its blocks are gone.
 *
 * <p>Hit rate: a dashboard's player first asks for {@code bytes=0-} and reads the recording ahead from the start; its
 * seeks then ask for ranges at other offsets of the same recording, whose blocks the first pass or an earlier
 * listener already brought in. A recording of a 5-minute call (about 1.2 MB of 32 kbit/s MP3) is 5 blocks, so every
 * request after the first few of a listening session is a hit, and so is every later listener of the same
 * recording while it stays among the most used {@code maxBytes}. Metrics: {@code cache_gets_total{cache="playback.recording-bytes",result="hit|miss"}},
 * {@code cache_size}, {@code cache_evictions_total}.
 */
@Component
class RecordingBytes implements DisposableBean {

    /** A block of one object. */
    record BlockKey(UUID recordingId, String sha256, long index) {
    }

    private final RangedObjectReader reader;
    private final int blockSize;
    private final AsyncCache<BlockKey, ByteBuffer> cache;
    private final ExecutorService loaders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("recording-bytes-", 0).factory());

    RecordingBytes(RangedObjectReader reader, PlaybackCacheProperties properties, MeterRegistry meterRegistry) {
        this.reader = reader;
        this.blockSize = Math.toIntExact(properties.blockSize().toBytes());
        long maxBytes = properties.maxBytes().toBytes();
        if (maxBytes > 0) {
            this.cache = Caffeine.newBuilder()
                    .maximumWeight(maxBytes)
                    .weigher((BlockKey key, ByteBuffer block) -> block.capacity())
                    .executor(loaders)
                    .recordStats()
                    .buildAsync();
            CaffeineCacheMetrics.monitor(meterRegistry, cache, "playback.recording-bytes");
        } else {
            this.cache = null;
        }
    }

    /** @return bytes per block */
    int blockSize() {
        return blockSize;
    }

    /**
     * The block holding a byte of a recording, from the cache or read from the store (started at once, on a virtual
     * thread).
     *
     * @param object the recording's object
     * @param index  the block's index: byte offset divided by {@link #blockSize()}
     * @return a future of a read-only buffer positioned at 0 whose limit is the block's length; it fails with an
     *         {@link ObjectStorageException} (404 missing, 503 unavailable or cut short)
     */
    CompletableFuture<ByteBuffer> block(StoredObject object, long index) {
        if (cache == null) {
            return CompletableFuture.supplyAsync(() -> read(object, index), loaders);
        }
        return cache.get(new BlockKey(object.recordingId(), object.sha256(), index),
                (key, executor) -> CompletableFuture.supplyAsync(() -> read(object, index), executor))
                .thenApply(ByteBuffer::asReadOnlyBuffer);
    }

    /**
     * Waits for a block.
     *
     * @param block a future from {@link #block}
     * @return the block
     * @throws ObjectStorageException if it could not be read
     */
    static ByteBuffer await(CompletableFuture<ByteBuffer> block) {
        try {
            return block.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ObjectStorageException.unavailable(e);
        } catch (ExecutionException e) {
            throw storageFailure(e.getCause());
        }
    }

    /**
     * Drops every block of a recording.
     *
     * @param recordingId the recording
     */
    void evict(UUID recordingId) {
        if (cache != null) {
            cache.synchronous().asMap().keySet().removeIf(key -> key.recordingId().equals(recordingId));
        }
    }

    /** @return bytes held by the cache now (0 when it is off) */
    long cachedBytes() {
        return cache == null ? 0 : cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Runs pending evictions now (tests that read {@link #cachedBytes()} call it first). */
    void cleanUp() {
        if (cache != null) {
            cache.synchronous().cleanUp();
        }
    }

    private ByteBuffer read(StoredObject object, long index) {
        long offset = index * blockSize;
        if (offset < 0 || offset >= object.sizeBytes()) {
            throw new IllegalArgumentException("block " + index + " is beyond the " + object.sizeBytes() + " bytes");
        }
        int length = (int) Math.min(blockSize, object.sizeBytes() - offset);
        ByteBuffer block = ByteBuffer.allocateDirect(length);
        try (InputStream in = reader.open(object.bucket(), object.objectKey(), offset, length);
                ReadableByteChannel channel = Channels.newChannel(in)) {
            while (block.hasRemaining()) {
                if (channel.read(block) < 0) {
                    throw ObjectStorageException.unavailable(new IOException("object " + object.objectKey()
                            + " ended " + block.remaining() + " bytes before the end of block " + index));
                }
            }
        } catch (IOException e) {
            throw ObjectStorageException.unavailable(e);
        }
        return block.flip();
    }

    private static ObjectStorageException storageFailure(Throwable cause) {
        Throwable unwrapped = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause()
                : cause;
        return unwrapped instanceof ObjectStorageException storage ? storage
                : ObjectStorageException.unavailable(unwrapped);
    }

    @Override
    public void destroy() {
        loaders.shutdownNow();
    }

    /**
     * What a block read needs to know of a recording's object.
     *
     * @param recordingId the recording
     * @param sha256      the object's SHA-256 (lowercase hex), part of every block's identity
     * @param bucket      the bucket, or {@code null} for the configured one
     * @param objectKey   the object key
     * @param sizeBytes   the object's length in bytes
     */
    record StoredObject(UUID recordingId, String sha256, String bucket, String objectKey, long sizeBytes) {
    }
}
