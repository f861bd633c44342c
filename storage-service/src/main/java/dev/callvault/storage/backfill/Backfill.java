package dev.callvault.storage.backfill;

import dev.callvault.events.FetchRequested;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import dev.callvault.storage.catalog.FetchRequests;
import dev.callvault.storage.catalog.KnownRecordings;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Publishes a {@link FetchRequested} (reason {@value #REASON}) on {@code callvault.fetch-requested.v1} for every
 * {@code PENDING} or {@code FAILED} recording of a tenant; fetch-worker handles it like a {@code CallEnded}.
 *
 * <p>The catalog is walked in keyset pages of {@code callvault.storage.backfill.page-size} rows, one status at a time;
 * each page is published and acknowledged ({@code acks=all}) before the next is read, so memory does not grow with
 * the tenant's recordings and a failure stops the walk with an exact count of what went out.
 */
@Service
class Backfill {

    static final String REASON = "BACKFILL";

    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    private static final List<RecordingStatus> STATUSES = List.of(RecordingStatus.PENDING, RecordingStatus.FAILED);

    private final KnownRecordings catalog;
    private final AcknowledgedPublisher publisher;
    private final BackfillProperties properties;
    private final Clock clock;
    private final Counter requestedCounter;

    Backfill(KnownRecordings catalog, AcknowledgedPublisher publisher, BackfillProperties properties, Clock clock,
            MeterRegistry meterRegistry) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
        this.requestedCounter = Counter.builder("callvault.backfill.requested")
                .description("Fetch requests published by backfills")
                .register(meterRegistry);
    }

    /**
     * Requests the fetch of every PENDING or FAILED recording of the tenant.
     *
     * @param tenantId    the tenant (from the caller's token)
     * @param since       only recordings whose call ended at or after it, or {@code null} for all
     * @param requestedBy the caller's subject, recorded in each request
     * @return fetch requests published and acknowledged
     * @throws BackfillFailedException if the broker did not acknowledge a page; earlier pages (and perhaps part of
     *                                 that page) went out
     */
    long requestFetches(String tenantId, Instant since, String requestedBy) {
        long requested = 0;
        for (RecordingStatus status : STATUSES) {
            UUID after = KnownRecordings.FIRST;
            List<Recording> page;
            do {
                page = catalog.fetchCandidates(tenantId, status, since, after, properties.pageSize());
                if (page.isEmpty()) {
                    break;
                }
                Instant now = clock.instant();
                List<ProducerRecord<String, SpecificRecord>> records = page.stream()
                        .map(recording -> FetchRequests.of(recording, REASON, requestedBy, now))
                        .toList();
                try {
                    publisher.publishAll(records, properties.publishTimeout());
                } catch (PublishFailedException e) {
                    long total = requested + e.acknowledged();
                    requestedCounter.increment(e.acknowledged());
                    log.warn("backfill of tenant {} by {} stopped after {} fetch requests: {}", tenantId, requestedBy,
                            total, e.getCause() == null ? e.toString() : e.getCause().toString());
                    throw new BackfillFailedException(total, e);
                }
                requested += records.size();
                requestedCounter.increment(records.size());
                after = page.getLast().getId();
            } while (page.size() == properties.pageSize());
        }
        log.info("backfill of tenant {} by {} (since {}): {} fetch requests published", tenantId, requestedBy,
                since == null ? "the beginning" : since, requested);
        return requested;
    }
}
