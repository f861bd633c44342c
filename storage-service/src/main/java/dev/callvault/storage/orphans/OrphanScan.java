package dev.callvault.storage.orphans;

import dev.callvault.events.Provider;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import dev.callvault.platform.storage.RecordingTombstones;
import dev.callvault.storage.catalog.FetchRequests;
import dev.callvault.storage.catalog.KnownRecordings;
import dev.callvault.storage.catalog.ObjectOwners.ObjectOwner;
import dev.callvault.storage.catalog.ObjectOwners.OrphanDeletion;
import dev.callvault.storage.catalog.ObjectOwners;
import dev.callvault.storage.catalog.OrphanRepairs;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.StoredObject;
import dev.callvault.storage.objects.ObjectStorageException;
import dev.callvault.storage.objects.RecordingObjects;
import dev.callvault.storage.objects.StoredObjectSummary;
import dev.callvault.storage.orphans.OrphanFindings.EntryAction;
import dev.callvault.storage.orphans.OrphanFindings.EntryWithoutObject;
import dev.callvault.storage.orphans.OrphanFindings.ObjectAction;
import dev.callvault.storage.orphans.OrphanFindings.ObjectWithoutEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The orphan scan, both directions, over the configured bucket and the whole catalog:
 * <ol>
 *   <li><b>Objects without an entry</b>: the bucket listing ({@code ListObjectsV2}, recursive, read page by page) is
 *   checked against the catalog in batches of {@value #BATCH} keys, one query each. Only keys shaped like
 *   {@code ObjectKeys} ({@code <tenantId>/<yyyy>/<MM>/<dd>/<recordingId>.<ext>}) and its derivatives
 *   ({@code <recordingId>.peaks.json}, {@code <recordingId>.opus.ogg}, owned with the recording's object) are
 *   considered. An object that no {@code AVAILABLE} entry owns (no entry; an entry {@code PENDING}, {@code FAILED}, {@code UNAVAILABLE} or
 *   {@code DELETED}; or one whose object has another key or bucket) is deleted once it is older than the grace
 *   period, unless its recording is on legal hold or its entry belongs to another tenant than the key's (that object
 *   is another tenant's audio, never the entry's to delete). The deletion re-checks the entry with its row
 *   locked.</li>
 *   <li><b>Entries without an object</b>: {@code AVAILABLE} entries, in keyset pages of {@value #BATCH}, whose object
 *   does not exist ({@code HeadObject} 404) are re-requested through {@code FetchRequested} (reason
 *   {@value #REASON}, acknowledged, {@code acks=all}). The entry notes when, and is not requested again within the
 *   grace period; fetch-worker, which fetches only when the object is missing, does the rest.</li>
 * </ol>
 * The findings of the last scan are kept in memory (per instance, replaced at the end of each scan) for
 * {@code GET /v1/admin/orphans}, and exported as the gauge {@code callvault_orphans{kind}}: objects without an entry
 * older than the grace period ({@code object_without_entry}) and entries without an object
 * ({@code entry_without_object}). Counters {@code callvault_orphans_deleted_total} and
 * {@code callvault_orphans_fetch_requested_total}. Scans never overlap.
 */
@Service
public class OrphanScan {

    /** The {@code reason} of the {@code FetchRequested} that repairs an entry whose object is missing. */
    public static final String REASON = "ORPHAN_REPAIR";

    private static final Logger log = LoggerFactory.getLogger(OrphanScan.class);

    /** Keys checked per catalog query, and entries per page of the other direction. */
    private static final int BATCH = 500;

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    /** {@code ObjectKeys}: tenant, UTC date of the call's end, recording id, lower-case extension. */
    private static final Pattern OBJECT_KEY = Pattern.compile(
            "([^/]+)/\\d{4}/\\d{2}/\\d{2}/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.[a-z0-9]{1,8}");

    /**
     * {@code ObjectKeys.derivativeOf}: media-worker's peaks and Opus rendition next to a recording. They are orphans
     * when no {@code AVAILABLE} entry owns the recording they were derived from.
     */
    private static final Pattern DERIVATIVE_KEY = Pattern.compile(
            "([^/]+)/\\d{4}/\\d{2}/\\d{2}/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
                    + "\\.(?:peaks\\.json|opus\\.ogg)");

    /**
     * Providers fetch-worker can fetch from: every provider but {@code UPLOAD} (the audio came with the request, no
     * provider holds it) and {@code OTHER} (the schema's fallback for a provider this build does not know).
     */
    private static final Set<Provider> FETCHABLE = EnumSet.complementOf(EnumSet.of(Provider.UPLOAD, Provider.OTHER));

    private final RecordingObjects objects;
    private final ObjectOwners owners;
    private final OrphanRepairs repairs;
    private final AcknowledgedPublisher publisher;
    private final OrphanProperties properties;
    private final Clock clock;
    private final Counter deletedCounter;
    private final Counter requestedCounter;
    private final AtomicLong objectsWithoutEntry = new AtomicLong();
    private final AtomicLong entriesWithoutObject = new AtomicLong();
    private final AtomicReference<OrphanFindings> last = new AtomicReference<>();
    private final ReentrantLock running = new ReentrantLock();

    OrphanScan(RecordingObjects objects, ObjectOwners owners, OrphanRepairs repairs, AcknowledgedPublisher publisher,
            OrphanProperties properties, Clock clock, MeterRegistry meterRegistry) {
        this.objects = objects;
        this.owners = owners;
        this.repairs = repairs;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
        gauge(meterRegistry, "object_without_entry", objectsWithoutEntry);
        gauge(meterRegistry, "entry_without_object", entriesWithoutObject);
        this.deletedCounter = Counter.builder("callvault.orphans.deleted")
                .description("Objects without an AVAILABLE entry deleted by the orphan scan").register(meterRegistry);
        this.requestedCounter = Counter.builder("callvault.orphans.fetch.requested")
                .description("Missing objects of AVAILABLE entries re-requested through FetchRequested")
                .register(meterRegistry);
    }

    private static void gauge(MeterRegistry meterRegistry, String kind, AtomicLong value) {
        Gauge.builder("callvault.orphans", value, AtomicLong::get).tag("kind", kind)
                .description("Orphans found by the last scan: objects without an AVAILABLE entry older than the grace"
                        + " period (object_without_entry), AVAILABLE entries whose object is missing"
                        + " (entry_without_object)")
                .register(meterRegistry);
    }

    /**
     * Scans once, now (the schedule calls it; tests and operators may too). Waits for a scan in progress to end
     * first. A failure of object storage or the broker is logged and counted in the result, never thrown.
     *
     * @return what the scan found and did
     */
    public ScanResult run() {
        running.lock();
        try {
            Instant now = clock.instant();
            Instant graceCutoff = now.minus(properties.gracePeriod());
            OrphanFindings.Builder findings = new OrphanFindings.Builder(now);
            Tally tally = new Tally();
            scanObjects(graceCutoff, findings, tally);
            scanEntries(now, graceCutoff, findings, tally);
            OrphanFindings built = findings.build();
            last.set(built);
            objectsWithoutEntry.set(tally.objectsPastGrace);
            entriesWithoutObject.set(tally.entriesWithoutObject);
            ScanResult result = new ScanResult(now, tally.objectsScanned, tally.objectsPastGrace, tally.deleted,
                    tally.entriesScanned, tally.entriesWithoutObject, tally.requested, tally.failures, built);
            log.info("orphan scan: {} objects checked, {} without an entry past the grace period ({} deleted); {}"
                    + " entries checked, {} without an object ({} re-requested); {} failures",
                    result.objectsScanned(), result.objectsWithoutEntry(), result.objectsDeleted(),
                    result.entriesScanned(), result.entriesWithoutObject(), result.fetchRequested(),
                    result.failures());
            return result;
        } finally {
            running.unlock();
        }
    }

    /** @return the findings of the last scan of this instance, empty before the first */
    public Optional<OrphanFindings> lastFindings() {
        return Optional.ofNullable(last.get());
    }

    private void scanObjects(Instant graceCutoff, OrphanFindings.Builder findings, Tally tally) {
        Map<StoredObjectSummary, KeyParts> batch = new LinkedHashMap<>();
        try {
            for (StoredObjectSummary object : objects.listAll()) {
                Matcher key = OBJECT_KEY.matcher(object.objectKey());
                if (!key.matches()) {
                    key = DERIVATIVE_KEY.matcher(object.objectKey());
                }
                // tombstones of deleted recordings are owned by no entry on purpose: never orphans
                if (RecordingTombstones.isTombstone(object.objectKey()) || !key.matches()) {
                    continue;
                }
                batch.put(object, new KeyParts(key.group(1), UUID.fromString(key.group(2))));
                if (batch.size() == BATCH) {
                    checkObjects(batch, graceCutoff, findings, tally);
                    batch.clear();
                }
            }
            checkObjects(batch, graceCutoff, findings, tally);
        } catch (ObjectStorageException e) {
            tally.failures++;
            log.warn("orphan scan could not list bucket {}: {}", objects.bucket(), e.getMessage());
        }
    }

    private void checkObjects(Map<StoredObjectSummary, KeyParts> batch, Instant graceCutoff,
            OrphanFindings.Builder findings, Tally tally) {
        Set<UUID> ids = new HashSet<>();
        batch.values().forEach(parts -> ids.add(parts.recordingId()));
        Map<UUID, ObjectOwner> owning = owners.find(ids);
        for (Map.Entry<StoredObjectSummary, KeyParts> entry : batch.entrySet()) {
            StoredObjectSummary object = entry.getKey();
            UUID recordingId = entry.getValue().recordingId();
            String keyTenantId = entry.getValue().tenantId();
            ObjectOwner owner = owning.get(recordingId);
            tally.objectsScanned++;
            if (owner != null && owner.owns(object.bucket(), object.objectKey())) {
                continue;
            }
            ObjectAction action;
            if (!object.lastModified().isBefore(graceCutoff)) {
                action = ObjectAction.KEPT_GRACE_PERIOD;
            } else {
                action = deleteUnowned(recordingId, keyTenantId, object, tally);
                if (action == null) {
                    continue;
                }
                tally.objectsPastGrace++;
            }
            findings.objectWithoutEntry(entry.getValue().tenantId(),
                    new ObjectWithoutEntry(object.objectKey(), object.sizeBytes(), object.lastModified(), action));
        }
    }

    /** @return what was done, {@code null} when the entry owns the object after all */
    private ObjectAction deleteUnowned(UUID recordingId, String keyTenantId, StoredObjectSummary object,
            Tally tally) {
        try {
            OrphanDeletion deletion = owners.deleteUnowned(recordingId, keyTenantId, object.bucket(),
                    object.objectKey(),
                    () -> objects.delete(object.bucket(), object.objectKey()));
            return switch (deletion) {
                case DELETED -> {
                    tally.deleted++;
                    deletedCounter.increment();
                    log.info("orphan scan deleted object {} ({} bytes, written {}): no AVAILABLE entry owns it",
                            object.objectKey(), object.sizeBytes(), object.lastModified());
                    yield ObjectAction.DELETED;
                }
                case ON_HOLD -> ObjectAction.KEPT_LEGAL_HOLD;
                case OTHER_TENANT -> {
                    log.warn("orphan scan kept object {}: its key names tenant {}, but recording {} belongs to another"
                            + " tenant", object.objectKey(), keyTenantId, recordingId);
                    yield ObjectAction.KEPT_OTHER_TENANT;
                }
                case OWNED -> null;
            };
        } catch (RuntimeException e) {
            tally.failures++;
            log.warn("orphan scan could not delete object {}: {}", object.objectKey(), e.getMessage());
            return ObjectAction.DELETE_FAILED;
        }
    }

    private void scanEntries(Instant now, Instant graceCutoff, OrphanFindings.Builder findings, Tally tally) {
        UUID after = KnownRecordings.FIRST;
        List<Recording> page;
        do {
            page = repairs.available(after, BATCH);
            List<Recording> toRequest = new ArrayList<>();
            for (Recording entry : page) {
                tally.entriesScanned++;
                EntryAction action = checkEntry(entry, now, graceCutoff, tally);
                if (action == EntryAction.FETCH_REQUESTED) {
                    toRequest.add(entry);
                } else if (action != null) {
                    tally.entriesWithoutObject++;
                    findings.entryWithoutObject(entry.getTenantId(),
                            new EntryWithoutObject(entry.getId(), entry.getStoredObject().objectKey(), action));
                }
            }
            EntryAction outcome = request(toRequest, now, tally);
            for (Recording entry : toRequest) {
                tally.entriesWithoutObject++;
                findings.entryWithoutObject(entry.getTenantId(),
                        new EntryWithoutObject(entry.getId(), entry.getStoredObject().objectKey(), outcome));
            }
            after = page.isEmpty() ? after : page.getLast().getId();
        } while (page.size() == BATCH);
    }

    /**
     * @return {@code null} when the object exists (or the entry changed meanwhile); {@code FETCH_REQUESTED} when a
     *         request is to be published (the entry is marked)
     */
    private EntryAction checkEntry(Recording entry, Instant now, Instant graceCutoff, Tally tally) {
        StoredObject object = entry.getStoredObject();
        if (object.objectKey() == null) {
            return null;
        }
        try {
            if (objects.exists(object.bucket(), object.objectKey())) {
                return null;
            }
        } catch (ObjectStorageException e) {
            tally.failures++;
            log.warn("orphan scan could not check the object of recording {}: {}", entry.getId(), e.getMessage());
            return null;
        }
        if (!FETCHABLE.contains(entry.getProvider()) || entry.getCall().providerRecordingId() == null) {
            return EntryAction.NOT_REFETCHABLE;
        }
        Instant requestedAt = entry.getOrphanRepairRequestedAt();
        if (requestedAt != null && !requestedAt.isBefore(graceCutoff)) {
            return EntryAction.FETCH_REQUESTED_EARLIER;
        }
        // the update re-checks AVAILABLE and the key, waiting for a deletion in progress to commit
        return repairs.markRequested(entry.getId(), object.objectKey(), now, graceCutoff)
                ? EntryAction.FETCH_REQUESTED : null;
    }

    private EntryAction request(List<Recording> entries, Instant now, Tally tally) {
        if (entries.isEmpty()) {
            return EntryAction.FETCH_REQUESTED;
        }
        List<ProducerRecord<String, SpecificRecord>> records = entries.stream()
                .map(entry -> FetchRequests.of(entry, REASON, null, now))
                .toList();
        try {
            publisher.publishAll(records, PUBLISH_TIMEOUT);
            tally.requested += records.size();
            requestedCounter.increment(records.size());
            entries.forEach(entry -> log.info("orphan scan re-requested recording {} of tenant {}: object {} is"
                    + " missing", entry.getId(), entry.getTenantId(), entry.getStoredObject().objectKey()));
            return EntryAction.FETCH_REQUESTED;
        } catch (PublishFailedException e) {
            // some may have gone out; fetching is idempotent, so the next scan simply asks again
            tally.failures += records.size();
            entries.forEach(entry -> repairs.resetRequested(entry.getId(), entry.getOrphanRepairRequestedAt()));
            log.warn("orphan scan could not publish {} fetch requests: {}", records.size(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return EntryAction.REQUEST_FAILED;
        }
    }

    private record KeyParts(String tenantId, UUID recordingId) {
    }

    private static final class Tally {
        private long objectsScanned;
        private long objectsPastGrace;
        private long deleted;
        private long entriesScanned;
        private long entriesWithoutObject;
        private long requested;
        private long failures;
    }

    /**
     * One scan.
     *
     * @param scannedAt            when it started; the grace period is counted back from it
     * @param objectsScanned       objects with a recording key that were checked
     * @param objectsWithoutEntry  of them, objects no {@code AVAILABLE} entry owns, older than the grace period
     * @param objectsDeleted       of those, the deleted ones
     * @param entriesScanned       {@code AVAILABLE} entries checked
     * @param entriesWithoutObject of them, entries whose object is missing
     * @param fetchRequested       of those, the ones re-requested (acknowledged)
     * @param failures             listing, checks, deletions and requests that failed (retried next scan)
     * @param findings             the findings by tenant, as {@code GET /v1/admin/orphans} serves them
     */
    public record ScanResult(Instant scannedAt, long objectsScanned, long objectsWithoutEntry, long objectsDeleted,
            long entriesScanned, long entriesWithoutObject, long fetchRequested, long failures,
            OrphanFindings findings) {
    }
}
