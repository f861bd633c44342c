package dev.callvault.storage.reconciliation;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation of missed webhooks, prefix {@code callvault.reconciliation} (docs/architecture.md, "Configuration").
 *
 * @param enabled  whether the schedule runs; default {@code true} ({@link Reconciler#reconcile()} can be called
 *                 either way)
 * @param interval pause between the end of one run and the start of the next, and before the first; default
 *                 {@code PT5M}
 * @param window   how far back each run lists the providers' recordings; default {@code PT6H}
 */
@Validated
@ConfigurationProperties("callvault.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("PT5M") Duration interval,
        @NotNull @DefaultValue("PT6H") Duration window) {

    /**
     * @throws IllegalArgumentException if the interval or the window is not positive
     */
    public ReconciliationProperties {
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("callvault.reconciliation.interval must be positive, got " + interval);
        }
        if (window != null && (window.isZero() || window.isNegative())) {
            throw new IllegalArgumentException("callvault.reconciliation.window must be positive, got " + window);
        }
    }
}
