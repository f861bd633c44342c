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
 *                       retried (contract key, default {@code PT2H}); no attempt starts after it
 * @param notReadyWindow how long after the call's end a provider's 404 is taken for "not ready yet" and retried
 *                       (default {@code PT10M}); later 404s fail at once
 * @param concurrency    listener consumers, i.e. fetches running at once (default 3); memory per fetch is bounded by
 *                       {@code partSize}
 * @param partSize       multipart part size and upload buffer per fetch, 5 MiB to 5 GiB (default 8 MB = 8 MiB)
 * @param retry          back-off between attempts
 * @param http           provider HTTP timeouts
 * @param twilio         Twilio media settings
 */
@Validated
@ConfigurationProperties("callvault.fetch")
public record FetchProperties(
        @NotNull @DefaultValue("PT2H") Duration retryWindow,
        @NotNull @DefaultValue("PT10M") Duration notReadyWindow,
        @Min(1) @Max(64) @DefaultValue("3") int concurrency,
        @NotNull @DefaultValue("8MB") DataSize partSize,
        @Valid @NotNull @DefaultValue Retry retry,
        @Valid @NotNull @DefaultValue Http http,
        @Valid @NotNull @DefaultValue Twilio twilio) {

    private static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    private static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;

    /**
     * Checks the part size against S3's multipart limits (5 MiB to 5 GiB per part).
     *
     * @throws IllegalArgumentException if the part size is out of range
     */
    public FetchProperties {
        if (partSize != null && (partSize.toBytes() < MIN_PART_BYTES || partSize.toBytes() > MAX_PART_BYTES)) {
            throw new IllegalArgumentException("callvault.fetch.part-size must be between 5MB and 5GB, was " + partSize);
        }
    }

    /**
     * Exponential back-off with jitter between attempts of one fetch (Resilience4j
     * {@code IntervalFunction.ofExponentialRandomBackoff}).
     *
     * @param initialInterval     wait before the second attempt (default {@code PT2S})
     * @param multiplier          growth of the wait per attempt (default 2.0)
     * @param randomizationFactor jitter, the wait is drawn from {@code wait * (1 +/- factor)} (default 0.5)
     * @param maxInterval         longest wait between two attempts (default {@code PT5M})
     * @param maxAttempts         attempts in all, the first included (default 30; {@code retryWindow} usually ends the
     *                            series first)
     */
    public record Retry(
            @NotNull @DefaultValue("PT2S") Duration initialInterval,
            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("2.0") double multiplier,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double randomizationFactor,
            @NotNull @DefaultValue("PT5M") Duration maxInterval,
            @Min(1) @Max(1000) @DefaultValue("30") int maxAttempts) {
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

    /**
     * Twilio recording media settings.
     *
     * @param format media format requested from Twilio's "Fetch a Recording media file" endpoint, {@code mp3}
     *               (default) or {@code wav}
     */
    public record Twilio(@NotNull @DefaultValue("mp3") TwilioFormat format) {
    }

    /** Formats Twilio serves a recording in (https://www.twilio.com/docs/voice/api/recording). */
    public enum TwilioFormat {
        /** {@code .mp3}: MPEG audio, about a tenth of the WAV size. */
        MP3,
        /** {@code .wav}: 16-bit PCM WAV. */
        WAV;

        /** @return the file extension, lower case ({@code mp3}, {@code wav}) */
        public String extension() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
