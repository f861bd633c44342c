package dev.callvault.storage.reconciliation;

import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.tenants.TenantCredentials;
import dev.callvault.storage.catalog.KnownRecordings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Finds recordings whose webhook never came: for every configured tenant with provider credentials
 * ({@code callvault.tenants.<id>.*}), lists the provider's finished recordings of the last
 * {@code callvault.reconciliation.window} and publishes a {@code CallEnded} on {@code callvault.call-ended.v1} for each
 * one the catalog does not know, acknowledged by the broker ({@code acks=all}) page by page. fetch-worker then fetches
 * it and the catalog records it as if the webhook had come; the recording id ({@code RecordingIds.of(tenantId, ...)})
 * is the one the webhook would have given, so a late webhook converges on the same recording. "Known" means an entry
 * of the same tenant under that id or under the recording's legacy id ({@code RecordingIds.legacyOf}, minted before
 * ids included the tenant), so existing recordings are not listed again under a second id; another tenant's entry
 * never counts (two tenants on one provider account each get their own recording).
 *
 * <p>Each tenant and provider is reconciled on its own: a failing listing (provider down, bad credentials) is logged
 * and counted, and the others go on. Runs never overlap. Metrics (Prometheus names):
 * {@code callvault_reconciliation_listed_total}, {@code callvault_reconciliation_published_total} and
 * {@code callvault_reconciliation_failures_total}, each tagged {@code provider}.
 */
@Service
public class Reconciler {

    /** Longest wait for the broker to acknowledge one page of events. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final TenantCredentials tenants;
    private final List<RecordingLister> listers;
    private final KnownRecordings catalog;
    private final AcknowledgedPublisher publisher;
    private final ReconciliationProperties properties;
    private final Clock clock;
    private final MeterRegistry meterRegistry;
    private final ReentrantLock running = new ReentrantLock();

    Reconciler(TenantCredentials tenants, List<RecordingLister> listers, KnownRecordings catalog,
            AcknowledgedPublisher publisher, ReconciliationProperties properties, Clock clock,
            MeterRegistry meterRegistry) {
        this.tenants = tenants;
        this.listers = List.copyOf(listers);
        this.catalog = catalog;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
        this.meterRegistry = meterRegistry;
    }

    /**
     * Runs one reconciliation over every tenant and provider, now; waits if a run is already going on.
     *
     * @return what the run did
     */
    public Result reconcile() {
        running.lock();
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant since = now.minus(properties.window());
            Result total = new Result(0, 0, 0, 0);
            for (String tenantId : tenants.tenantIds()) {
                for (RecordingLister lister : listers) {
                    if (lister.configuredFor(tenantId)) {
                        total = total.plus(reconcile(lister, tenantId, since, now));
                    }
                }
            }
            log.info("reconciliation since {}: {} finished recordings listed, {} already known, {} CallEnded"
                    + " published, {} listings failed", since, total.listed(), total.known(), total.published(),
                    total.failedListings());
            return total;
        } finally {
            running.unlock();
        }
    }

    private Result reconcile(RecordingLister lister, String tenantId, Instant since, Instant now) {
        int[] counts = new int[3];
        try {
            lister.listFinished(tenantId, since, now, page -> {
                Set<UUID> known = catalog.known(tenantId, page.stream()
                        .flatMap(event -> Stream.of(event.getRecordingId(), legacyId(event)))
                        .toList());
                List<ProducerRecord<String, SpecificRecord>> unknown = page.stream()
                        .filter(event -> !known.contains(event.getRecordingId()) && !known.contains(legacyId(event)))
                        .map(Reconciler::record)
                        .toList();
                publisher.publishAll(unknown, PUBLISH_TIMEOUT);
                counts[0] += page.size();
                counts[1] += page.size() - unknown.size();
                counts[2] += unknown.size();
                count("listed", lister, page.size());
                count("published", lister, unknown.size());
            });
            log.info("reconciliation of tenant {} at {}: {} finished recordings listed, {} already known, {}"
                    + " CallEnded published", tenantId, lister.provider(), counts[0], counts[1], counts[2]);
            return new Result(counts[0], counts[1], counts[2], 0);
        } catch (RuntimeException e) {
            count("failures", lister, 1);
            log.warn("reconciliation of tenant {} at {} failed after {} CallEnded published: {}", tenantId,
                    lister.provider(), counts[2], e.getMessage());
            return new Result(counts[0], counts[1], counts[2], 1);
        }
    }

    /** The id the recording has if the catalog knew it before recording ids included the tenant. */
    private static UUID legacyId(CallEnded event) {
        return RecordingIds.legacyOf(event.getProvider(), event.getProviderRecordingId());
    }

    private static ProducerRecord<String, SpecificRecord> record(CallEnded event) {
        return new ProducerRecord<>(Topics.CALL_ENDED, event.getRecordingId().toString(), event);
    }

    private void count(String name, RecordingLister lister, int amount) {
        Counter.builder("callvault.reconciliation." + name)
                .description(switch (name) {
                    case "listed" -> "Finished recordings the providers' listings returned";
                    case "published" -> "CallEnded published for recordings the catalog did not know";
                    default -> "Listings of a tenant at a provider that failed";
                })
                .tag("provider", lister.provider().name())
                .register(meterRegistry)
                .increment(amount);
    }

    /**
     * What a run did.
     *
     * @param listed         finished recordings the listings returned
     * @param known          of those, recordings the catalog already had
     * @param published      {@code CallEnded} events published (and acknowledged) for the others
     * @param failedListings tenant/provider listings that failed
     */
    public record Result(int listed, int known, int published, int failedListings) {

        Result plus(Result other) {
            return new Result(listed + other.listed, known + other.known, published + other.published,
                    failedListings + other.failedListings);
        }
    }
}
