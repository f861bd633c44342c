package dev.callvault.platform.kafka;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code consumers} component of {@code /actuator/health}: DOWN while any listener retries a failure that may
 * pass (with, per listener, since when, how many attempts and the latest cause), UP otherwise.
 */
public class ConsumerHealthIndicator extends AbstractHealthIndicator {

    private final ConsumerFailures failures;

    /**
     * @param failures the listeners' failures
     */
    public ConsumerHealthIndicator(ConsumerFailures failures) {
        super("Consumer health check failed");
        this.failures = failures;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var failing = failures.failing();
        if (failing.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("retrying", failing);
        }
    }
}
