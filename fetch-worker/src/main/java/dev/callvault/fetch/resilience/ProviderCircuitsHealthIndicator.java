package dev.callvault.fetch.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code providerCircuits}: the state of every provider breaker
 * ({@code twilio:acme: CLOSED|OPEN|HALF_OPEN|...}) with its failure rate. The status stays UP while breakers are
 * open: an open breaker is a provider's outage, which the worker rides out through its retry topics, not a reason to
 * restart or unroute the worker. Alert on {@code resilience4j_circuitbreaker_state} instead.
 */
@Component("providerCircuits")
class ProviderCircuitsHealthIndicator implements HealthIndicator {

    private final CircuitBreakerRegistry breakers;

    ProviderCircuitsHealthIndicator(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        for (CircuitBreaker breaker : breakers.getAllCircuitBreakers()) {
            details.put(breaker.getName(), Map.of(
                    "state", breaker.getState().name(),
                    "failureRate", breaker.getMetrics().getFailureRate(),
                    "notPermittedCalls", breaker.getMetrics().getNumberOfNotPermittedCalls()));
        }
        return Health.up().withDetails(details).build();
    }
}
