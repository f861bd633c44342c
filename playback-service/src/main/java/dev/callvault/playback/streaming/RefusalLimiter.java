package dev.callvault.playback.streaming;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Counts refused stream requests per client address in a fixed window ({@link RefusalProperties}): the first
 * {@code max-per-client} of a window are answered 403 and audited under the subject {@value #UNVERIFIED_SUBJECT},
 * the rest 429 with {@code Retry-After} and only counted, so that nobody can fill the audit log by replaying forged
 * URLs. Counted in {@code callvault.playback.stream_refusals{outcome}} ({@code audited}, {@code rate_limited}); the
 * claimed subject is never recorded anywhere, as it was never verified.
 */
@Component
class RefusalLimiter {

    /** The subject a refused request is audited under: the one in its URL was not verified. */
    static final String UNVERIFIED_SUBJECT = "unverified";

    private final RefusalProperties properties;
    private final Cache<String, AtomicInteger> refusals;
    private final Counter audited;
    private final Counter rateLimited;

    RefusalLimiter(RefusalProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.refusals = Caffeine.newBuilder().expireAfterWrite(properties.window())
                .maximumSize(properties.maxClients()).build();
        this.audited = counter(meters, "audited");
        this.rateLimited = counter(meters, "rate_limited");
    }

    /**
     * Counts one refusal of a client.
     *
     * @param clientAddress the request's client address
     * @return {@code true} if it is within the client's allowance (answer 403 and audit it), {@code false} beyond
     *         (answer {@link #tooMany()})
     */
    boolean allow(String clientAddress) {
        int count = refusals.get(clientAddress == null ? "" : clientAddress, address -> new AtomicInteger())
                .incrementAndGet();
        if (count <= properties.maxPerClient()) {
            audited.increment();
            return true;
        }
        rateLimited.increment();
        return false;
    }

    /** @return the 429 problem detail of a client beyond its allowance, with {@code Retry-After} (RFC 6585 section 4) */
    StreamRefusedException tooMany() {
        return StreamRefusedException.tooManyRefusals(properties.window());
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("callvault.playback.stream_refusals")
                .description("Refused stream requests: audited under the subject 'unverified', or beyond the client's"
                        + " allowance and only counted")
                .tag("outcome", outcome)
                .register(meters);
    }
}
