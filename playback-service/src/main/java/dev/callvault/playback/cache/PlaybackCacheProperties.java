package dev.callvault.playback.cache;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The request path's caches, {@code callvault.playback.cache.*}: recording bytes in memory and read-model rows.
 *
 * <p>Recording objects are immutable and named by their SHA-256, so their bytes can be kept: blocks of
 * {@code blockSize} bytes, held off the Java heap (direct buffers) and never written to disk, so a recording stored
 * with SSE-C stays encrypted at rest. The cache is bounded by {@code maxBytes} (weighed in bytes, Caffeine's
 * W-TinyLFU eviction); a stream holds at most two blocks (the one it writes and the next, read ahead) whatever the
 * recording's size. The JVM's direct memory ({@code -XX:MaxDirectMemorySize}, by default the maximum heap) must exceed
 * {@code maxBytes} plus two blocks per concurrent stream of uncached recordings.
 *
 * @param maxBytes          most bytes of recordings kept in memory (default 128 MB); {@code 0} turns the byte cache
 *                          off, so every stream reads its blocks from the store
 * @param blockSize         bytes per block, the unit read from the store and kept (default 256 KB; between 16 KB and
 *                          16 MB)
 * @param maxRows           most read-model rows kept (default 100,000); {@code 0} reads PostgreSQL on every request
 * @param availableRowTtl   how long a row of an {@code AVAILABLE} recording is kept (default 5 minutes): the longest
 *                          a re-stored object's new checksum can take to reach an instance whose consumer missed the
 *                          event; deletions reach every instance at once (see {@code RecordingCacheInvalidation})
 * @param otherRowTtl       how long a row in any other state is kept (default 1 second): the longest a recording
 *                          that just became available can still be refused by another instance
 * @param deletionMemory    how long an instance remembers a deletion it heard of before its own read model applied
 *                          it (default 1 hour)
 */
@Validated
@ConfigurationProperties("callvault.playback.cache")
public record PlaybackCacheProperties(
        @NotNull @DefaultValue("128MB") DataSize maxBytes,
        @NotNull @DefaultValue("256KB") DataSize blockSize,
        @Min(0) @DefaultValue("100000") long maxRows,
        @NotNull @DefaultValue("PT5M") Duration availableRowTtl,
        @NotNull @DefaultValue("PT1S") Duration otherRowTtl,
        @NotNull @DefaultValue("PT1H") Duration deletionMemory) {

    /** Smallest block accepted, bytes. */
    public static final long MIN_BLOCK_BYTES = 16 * 1024;
    /** Largest block accepted, bytes. */
    public static final long MAX_BLOCK_BYTES = 16 * 1024 * 1024;

    /**
     * @throws IllegalArgumentException if {@code maxBytes} is negative or the block size is out of range
     */
    public PlaybackCacheProperties {
        if (maxBytes != null && maxBytes.isNegative()) {
            throw new IllegalArgumentException("callvault.playback.cache.max-bytes must not be negative");
        }
        if (blockSize != null && (blockSize.toBytes() < MIN_BLOCK_BYTES || blockSize.toBytes() > MAX_BLOCK_BYTES)) {
            throw new IllegalArgumentException("callvault.playback.cache.block-size must be between 16KB and 16MB");
        }
    }
}
