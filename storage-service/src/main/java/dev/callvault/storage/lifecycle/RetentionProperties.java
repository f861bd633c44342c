package dev.callvault.storage.lifecycle;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retention job and lifecycle publishing, {@code callvault.storage.retention.*}.
 *
 * @param enabled        run the job on its schedule (default {@code true}); {@link Retention#run()} works either way
 * @param interval       pause between the end of one run and the start of the next, and before the first (default
 *                       {@code PT1H}); must be positive
 * @param pageSize       catalog rows read per step of the walk (1–10000, default 200)
 * @param publishTimeout longest wait for the broker to acknowledge one lifecycle event (default {@code 30s})
 */
@Validated
@ConfigurationProperties("callvault.storage.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("PT1H") Duration interval,
        @Min(1) @Max(10_000) @DefaultValue("200") int pageSize,
        @NotNull @DefaultValue("30s") Duration publishTimeout) {

    /** Refuses a zero or negative interval or timeout. */
    public RetentionProperties {
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("callvault.storage.retention.interval must be positive");
        }
        if (publishTimeout != null && (publishTimeout.isZero() || publishTimeout.isNegative())) {
            throw new IllegalArgumentException("callvault.storage.retention.publish-timeout must be positive");
        }
    }
}
