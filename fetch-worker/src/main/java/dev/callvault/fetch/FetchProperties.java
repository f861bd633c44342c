package dev.callvault.fetch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the fetch worker, {@code callvault.fetch.*}.
 *
 * @param retryWindow    how long, from the first attempt, a recording that is not ready or a provider outage is
 *                       retried through the retry topics (contract key, default {@code PT2H}): the delays of the
 *                       retry topics add up to at least this
 * @param notReadyWindow how long after the call's end a provider's 404 is taken for "not ready yet" and retried
 *                       (default {@code PT10M}); later 404s fail at once
 * @param concurrency    listener consumers of {@code call-ended} and {@code fetch-requested} per worker (default 3,
 *                       at most the topics' partitions); they only hand records over, the fetches run on virtual
 *                       threads, up to {@code maxInFlight}
 * @param partSize       multipart part size and upload buffer per fetch, 5 MiB to 5 GiB (default 8 MB = 8 MiB)
 * @param retry          the short in-place retries of one delivery
 * @param retryTopics    the growing delays of the non-blocking retry topics that follow
 * @param abortIncompleteUploadsAfterDays days after which the bucket's lifecycle rule aborts a multipart upload left
 *                       incomplete by a crash (default 1)
 * @param http           provider HTTP timeouts
 * @param maxInFlight    fetches running at once per worker (default 64, 1 to 4096): at this many the listener
 *                       containers are paused, and resumed once a quarter of them are done; records of one recording
 *                       run one after another
 * @param uploadMemory   memory budget of the bodies uploaded at once (default 64 MB, at least two parts): an upload
 *                       waits for room ({@code UploadMemory})
 * @param maxRecordingSize the largest recording fetched (default 4GB, above a 10-hour dual-channel WAV call of 1.15 GB):
 *                       a larger one fails {@code RECORDING_TOO_LARGE}, not retried, nothing stored
 */
@Validated
@ConfigurationProperties("callvault.fetch")
public record FetchProperties(
        @NotNull @DefaultValue("PT2H") Duration retryWindow,
        @NotNull @DefaultValue("PT10M") Duration notReadyWindow,
        @Min(1) @Max(64) @DefaultValue("3") int concurrency,
        @NotNull @DefaultValue("8MB") DataSize partSize,
        @Valid @NotNull @DefaultValue Retry retry,
        @Valid @NotNull @DefaultValue RetryTopics retryTopics,
        @Min(1) @Max(3650) @DefaultValue("1") int abortIncompleteUploadsAfterDays,
        @Valid @NotNull @DefaultValue Http http,
        @Min(1) @Max(4096) @DefaultValue("64") int maxInFlight,
        @NotNull @DefaultValue("64MB") DataSize uploadMemory,
        @NotNull @DefaultValue("4GB") DataSize maxRecordingSize) {

    private static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    private static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;

    /**
     * Checks the part size against S3's multipart limits (5 MiB to 5 GiB per part), and that the upload memory holds
     * two parts.
     *
     * @throws IllegalArgumentException if the part size is out of range or the upload memory too small
     */
    public FetchProperties {
        if (partSize != null && (partSize.toBytes() < MIN_PART_BYTES || partSize.toBytes() > MAX_PART_BYTES)) {
            throw new IllegalArgumentException("callvault.fetch.part-size must be between 5MB and 5GB, was " + partSize);
        }
        if (partSize != null && uploadMemory != null && uploadMemory.toBytes() < 2 * partSize.toBytes()) {
            throw new IllegalArgumentException("callvault.fetch.upload-memory must hold at least two parts ("
                    + 2 * partSize.toMegabytes() + "MB), was " + uploadMemory);
        }
    }

    /**
     * The short in-place retries of one delivery, before the record is handed to the retry topics: exponential
     * back-off with jitter (Resilience4j {@code IntervalFunction.ofExponentialRandomBackoff}); a provider's
     * {@code Retry-After} replaces the back-off when it fits the budget.
     *
     * @param initialInterval     wait before the second attempt (default {@code PT1S})
     * @param multiplier          growth of the wait per attempt (default 2.0)
     * @param randomizationFactor jitter, the wait is drawn from {@code wait * (1 +/- factor)} (default 0.5)
     * @param maxInterval         longest wait between two attempts (default {@code PT5S})
     * @param maxAttempts         attempts per delivery, the first included (default 3)
     * @param budget              no in-place attempt starts later than this after the delivery's first one
     *                            (default {@code PT30S}); a longer {@code Retry-After} hands over at once
     */
    public record Retry(
            @NotNull @DefaultValue("PT1S") Duration initialInterval,
            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("2.0") double multiplier,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double randomizationFactor,
            @NotNull @DefaultValue("PT5S") Duration maxInterval,
            @Min(1) @Max(20) @DefaultValue("3") int maxAttempts,
            @NotNull @DefaultValue("PT30S") Duration budget) {
    }

    /**
     * Delays of the non-blocking retry topics ({@code <topic>-retry-<delay ms>}, spring-kafka): the n-th retry waits
     * {@code min(initialDelay * multiplier^(n-1), maxDelay)}, and there are as many retries as it takes for the
     * delays to add up to {@code retryWindow}.
     *
     * @param initialDelay delay of the first retry topic (default {@code PT1M})
     * @param multiplier   growth of the delay per retry topic (default 2.0)
     * @param maxDelay     longest delay; the retries at this delay share one topic (default {@code PT30M})
     */
    public record RetryTopics(
            @NotNull @DefaultValue("PT1M") Duration initialDelay,
            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("PT30M") Duration maxDelay) {
    }

    /**
     * Timeouts of provider requests.
     *
     * @param connectTimeout TCP/TLS connect timeout (default {@code PT10S})
     * @param readTimeout    longest wait for the response headers, and longest silence while the body streams
     *                       (default {@code PT30S})
     * @param attemptTimeout longest time one attempt may stream its body (default {@code PT30M})
     * @param maxRedirects   redirects followed, only when they stay under the provider's base URL (default 3)
     */
    public record Http(
            @NotNull @DefaultValue("PT10S") Duration connectTimeout,
            @NotNull @DefaultValue("PT30S") Duration readTimeout,
            @NotNull @DefaultValue("PT30M") Duration attemptTimeout,
            @Min(0) @Max(10) @DefaultValue("3") int maxRedirects) {
    }
}
