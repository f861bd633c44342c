package dev.callvault.storage.orphans;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The orphan scan, {@code callvault.storage.orphans.*}.
 *
 * @param enabled     run the scan on its schedule (default {@code true}); {@link OrphanScan#run()} works either way
 * @param interval    pause between the end of one scan and the start of the next, and before the first (default
 *                    {@code PT1H}); must be positive
 * @param gracePeriod objects younger than this are never deleted (fetch-worker stores an object before the catalog
 *                    hears of it), and an entry's missing object is re-requested at most once per grace period
 *                    (default {@code P1D}); must be positive
 */
@Validated
@ConfigurationProperties("callvault.storage.orphans")
public record OrphanProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DurationMin(nanos = 1) @DefaultValue("PT1H") Duration interval,
        @NotNull @DurationMin(nanos = 1) @DefaultValue("P1D") Duration gracePeriod) {
}
