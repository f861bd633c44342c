package dev.callvault.storage.backfill;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Backfill settings, prefix {@code callvault.storage.backfill}.
 *
 * @param pageSize       catalog rows read, and fetch requests published and acknowledged, per step; default 500
 * @param publishTimeout longest wait for the broker to acknowledge one page of fetch requests; default 30 s
 */
@Validated
@ConfigurationProperties("callvault.storage.backfill")
public record BackfillProperties(
        @Min(1) @Max(10_000) @DefaultValue("500") int pageSize,
        @NotNull @DefaultValue("30s") Duration publishTimeout) {
}
