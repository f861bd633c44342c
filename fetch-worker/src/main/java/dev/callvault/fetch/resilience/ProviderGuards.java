package dev.callvault.fetch.resilience;

import dev.callvault.events.Provider;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.FetchFailedException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Guards every provider request with a Resilience4j {@link Bulkhead} (concurrent downloads) and
 * {@link CircuitBreaker} (outages), one of each per provider and tenant, named {@code <provider>:<tenantId>}
 * ({@code twilio:acme}). Their settings come from Resilience4j's own properties, the shared configuration named after
 * the provider ({@code resilience4j.circuitbreaker.configs.twilio.*}, {@code resilience4j.bulkhead.configs.twilio.*})
 * or else {@code configs.default}.
 *
 * <p>The breaker counts as failures only answers that say the provider is unwell: 5xx, unreachable, timeouts and
 * bodies broken off; a 404, 401 or 429 is a healthy provider's answer. An open breaker fails fast without a request.
 * The bulkhead sits outside the breaker, so that waiting for a free slot is never taken for a provider fault.
 */
@Component
public class ProviderGuards {

    private static final Set<FailureCode> PROVIDER_FAULTS = Set.of(FailureCode.PROVIDER_UNAVAILABLE,
            FailureCode.PROVIDER_UNREACHABLE, FailureCode.PROVIDER_TIMEOUT, FailureCode.TRUNCATED_BODY);

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    ProviderGuards(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
    }

    /**
     * Runs one provider request under the provider and tenant's bulkhead and circuit breaker.
     *
     * @param provider the provider
     * @param tenantId the tenant whose account is used
     * @param request  the request (one attempt)
     * @param <T>      its result
     * @return the request's result
     * @throws FetchFailedException {@link FailureCode#PROVIDER_CIRCUIT_OPEN} when the breaker is open (no request was
     *                              sent), {@link FailureCode#PROVIDER_CONCURRENCY_LIMITED} when no slot freed up
     *                              within the bulkhead's wait, or the request's own failure
     */
    public <T> T call(Provider provider, String tenantId, Supplier<T> request) {
        String name = name(provider, tenantId);
        CircuitBreaker breaker = breakers.circuitBreaker(name, () -> breakerConfig(provider));
        Bulkhead bulkhead = bulkheads.bulkhead(name, bulkheadConfig(provider));
        try {
            return bulkhead.executeSupplier(() -> breaker.executeSupplier(request));
        } catch (CallNotPermittedException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_CIRCUIT_OPEN, "circuit breaker " + name
                    + " is open after repeated provider faults; no request sent", null, null, e);
        } catch (BulkheadFullException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_CONCURRENCY_LIMITED, "all concurrent download slots"
                    + " of " + name + " stayed busy; no request sent", null, null, e);
        }
    }

    /**
     * @param provider a provider
     * @param tenantId a tenant
     * @return the name of their breaker and bulkhead, {@code <provider in lower case>:<tenantId>}
     */
    public static String name(Provider provider, String tenantId) {
        return configName(provider) + ":" + tenantId;
    }

    private CircuitBreakerConfig breakerConfig(Provider provider) {
        CircuitBreakerConfig base = breakers.getConfiguration(configName(provider))
                .orElseGet(breakers::getDefaultConfig);
        return CircuitBreakerConfig.from(base)
                .recordException(ProviderGuards::isProviderFault)
                .build();
    }

    private BulkheadConfig bulkheadConfig(Provider provider) {
        return bulkheads.getConfiguration(configName(provider)).orElseGet(bulkheads::getDefaultConfig);
    }

    private static boolean isProviderFault(Throwable failure) {
        return failure instanceof FetchFailedException fetchFailure && PROVIDER_FAULTS.contains(fetchFailure.code());
    }

    private static String configName(Provider provider) {
        return provider.name().toLowerCase(Locale.ROOT);
    }
}
