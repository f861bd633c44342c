package dev.callvault.storage.uploads;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Direct uploads, {@code callvault.storage.uploads.*}.
 *
 * @param maxSize          largest recording a tenant may upload, bytes (default {@code 2GB}); per tenant overridden by
 *                         {@code tenants.<tenantId>.max-size}
 * @param partSize         size of one stored part of a resumable upload and of one S3 multipart part, bytes (default
 *                         {@code 8MB}); at least 5 MiB, S3's minimum for every part but the last (Amazon S3 API
 *                         Reference, "UploadPart"); also the memory one upload request holds at most
 * @param expiration       how long an unfinished resumable upload is kept after its last change (default
 *                         {@code P1D}); the tus {@code Upload-Expires} header tells clients
 * @param cleanupInterval  pause between two sweeps of expired uploads (default {@code PT1H}); positive
 * @param cleanupEnabled   run the sweep on its schedule (default {@code true})
 * @param publishTimeout   longest wait for the broker to acknowledge a {@code RecordingStored} (default {@code 30s})
 * @param lockConnections  connections of the tus lock pool, that is tus requests in progress at once (default 32);
 *                         each holds one for its duration, outside the main pool ({@code UploadLockPool})
 * @param lockWait         longest wait of a tus request for a lock connection, then 503 (default {@code 10s})
 * @param announceRetryInterval pause between two resubmissions of unannounced uploads (default {@code 30s};
 *                         {@code UploadAnnouncementResubmission})
 * @param announceRetryAfter age from which an upload's unacknowledged {@code RecordingStored} is sent again (default
 *                         {@code 60s}); longer than {@code publishTimeout}
 * @param tenants          tenant id → its own limits
 */
@Validated
@ConfigurationProperties("callvault.storage.uploads")
public record UploadProperties(
        @NotNull @DefaultValue("2GB") DataSize maxSize,
        @NotNull @DefaultValue("8MB") DataSize partSize,
        @NotNull @DefaultValue("P1D") Duration expiration,
        @NotNull @DefaultValue("PT1H") Duration cleanupInterval,
        @DefaultValue("true") boolean cleanupEnabled,
        @NotNull @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue("32") int lockConnections,
        @NotNull @DefaultValue("10s") Duration lockWait,
        @NotNull @DefaultValue("30s") Duration announceRetryInterval,
        @NotNull @DefaultValue("60s") Duration announceRetryAfter,
        Map<String, @Valid TenantLimits> tenants) {

    /** S3's minimum size of a multipart part other than the last, bytes. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** Refuses a part size below 5 MiB, and non-positive sizes and durations. */
    public UploadProperties {
        tenants = tenants == null ? Map.of() : new TreeMap<>(tenants);
        if (partSize != null && partSize.toBytes() < MIN_PART_SIZE) {
            throw new IllegalArgumentException("callvault.storage.uploads.part-size must be at least 5MB (5 MiB)");
        }
        if (maxSize != null && maxSize.toBytes() <= 0) {
            throw new IllegalArgumentException("callvault.storage.uploads.max-size must be positive");
        }
        if (lockConnections < 1) {
            throw new IllegalArgumentException("callvault.storage.uploads.lock-connections must be at least 1");
        }
        if (announceRetryAfter != null && publishTimeout != null && announceRetryAfter.compareTo(publishTimeout) <= 0) {
            throw new IllegalArgumentException("callvault.storage.uploads.announce-retry-after must be longer than "
                    + "publish-timeout");
        }
        for (Duration duration : new Duration[] {expiration, cleanupInterval, publishTimeout, lockWait,
                announceRetryInterval, announceRetryAfter}) {
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw new IllegalArgumentException("callvault.storage.uploads durations must be positive");
            }
        }
    }

    /**
     * @param tenantId a tenant
     * @return the largest recording it may upload, bytes
     */
    public long maxSizeOf(String tenantId) {
        TenantLimits limits = tenants.get(tenantId);
        return limits != null && limits.maxSize() != null ? limits.maxSize().toBytes() : maxSize.toBytes();
    }

    /** @return the largest limit of any tenant, bytes: what the tus server announces as {@code Tus-Max-Size} */
    public long largestMaxSize() {
        long largest = maxSize.toBytes();
        for (TenantLimits limits : tenants.values()) {
            if (limits.maxSize() != null) {
                largest = Math.max(largest, limits.maxSize().toBytes());
            }
        }
        return largest;
    }

    /**
     * One tenant's limits.
     *
     * @param maxSize largest recording it may upload, bytes
     */
    public record TenantLimits(DataSize maxSize) {

        /** Refuses a non-positive size. */
        public TenantLimits {
            if (maxSize != null && maxSize.toBytes() <= 0) {
                throw new IllegalArgumentException("callvault.storage.uploads.tenants.<id>.max-size must be positive");
            }
        }
    }
}
