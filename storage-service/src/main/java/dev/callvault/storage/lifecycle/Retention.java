package dev.callvault.storage.lifecycle;

import dev.callvault.events.DeletionReason;
import dev.callvault.storage.catalog.KnownRecordings;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingDeletions.DeletionOutcome;
import dev.callvault.storage.catalog.RecordingDeletions;
import dev.callvault.storage.objects.RecordingObjects;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The retention job: for every tenant with {@code callvault.retention.<tenantId>.days}, deletes the recordings whose
 * call ended (or, when the call end is unknown, whose entry was created) more than that many days ago and that are
 * not on legal hold — a tombstone, then the object (a missing object counts as deleted), then the entry becomes
 * {@code DELETED} with reason {@code RETENTION}, then {@code RecordingDeleted} is published and acknowledged.
 *
 * <p>The catalog is walked in keyset pages of {@code callvault.storage.retention.page-size} ids, and each recording is
 * deleted in its own transaction with its row locked, so memory does not grow with the tenant and a hold placed
 * meanwhile wins. A crash between the steps converges on the next run: an entry whose object is already gone is still
 * deleted, and every {@code DELETED} entry whose event was never acknowledged is published again (same event id, so
 * consumers deduplicate). One recording's failure is logged, counted and retried on the next run; the others go on.
 * Each tenant's result is published as {@code RetentionRunCompleted} for the audit log. Runs never overlap.
 */
@Service
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final RetentionPolicies policies;
    private final RetentionProperties properties;
    private final RecordingDeletions deletions;
    private final RecordingObjects objects;
    private final LifecycleEvents events;
    private final Clock clock;
    private final Counter deletedCounter;
    private final Counter failureCounter;
    private final ReentrantLock running = new ReentrantLock();

    Retention(RetentionPolicies policies, RetentionProperties properties, RecordingDeletions deletions,
            RecordingObjects objects, LifecycleEvents events, Clock clock, MeterRegistry meterRegistry) {
        this.policies = policies;
        this.properties = properties;
        this.deletions = deletions;
        this.objects = objects;
        this.events = events;
        this.clock = clock;
        this.deletedCounter = Counter.builder("callvault.retention.deleted")
                .description("Recordings deleted because their tenant's retention ran out").register(meterRegistry);
        this.failureCounter = Counter.builder("callvault.retention.failures")
                .description("Recordings the retention job could not delete or announce (retried next run)")
                .register(meterRegistry);
    }

    /**
     * Runs the job once, now (the schedule calls it; tests and operators may too). Waits for a run in progress to end
     * first.
     *
     * @return what each tenant's run did, in tenant order, and how many earlier deletions were announced again
     */
    public RetentionRun run() {
        running.lock();
        try {
            Instant now = clock.instant();
            List<TenantRun> tenants = new ArrayList<>();
            for (Map.Entry<String, RetentionPolicies.TenantRetention> policy : policies.retention().entrySet()) {
                tenants.add(runTenant(policy.getKey(), policy.getValue().days(), now));
            }
            int republished = republishUnannounced();
            return new RetentionRun(now, List.copyOf(tenants), republished);
        } finally {
            running.unlock();
        }
    }

    private TenantRun runTenant(String tenantId, int days, Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(days));
        int deleted = 0;
        int failed = 0;
        UUID after = KnownRecordings.FIRST;
        List<UUID> page;
        do {
            page = deletions.expired(tenantId, cutoff, after, properties.pageSize());
            for (UUID recordingId : page) {
                DeletionOutcome outcome = deleteExpired(tenantId, recordingId, cutoff);
                if (outcome == DeletionOutcome.DELETED) {
                    deleted++;
                } else if (outcome == null) {
                    failed++;
                }
            }
            after = page.isEmpty() ? after : page.getLast();
        } while (page.size() == properties.pageSize());
        log.info("retention of tenant {} ({} days, calls ended before {}): {} deleted, {} failed", tenantId, days,
                cutoff, deleted, failed);
        TenantRun run = new TenantRun(tenantId, days, cutoff, deleted, failed);
        try {
            events.retentionRun(run, now);
        } catch (RuntimeException e) {
            failureCounter.increment();
            log.warn("could not publish the retention run of tenant {} for the audit log: {}", tenantId, e.toString());
        }
        return run;
    }

    /** @return what the deletion did, {@code null} on a failure (logged and counted) */
    private DeletionOutcome deleteExpired(String tenantId, UUID recordingId, Instant cutoff) {
        try {
            RecordingDeletions.Result deletion = deletions.deleteExpired(recordingId, cutoff,
                    recording -> objects.deleteRecording(tenantId, recording.getId(),
                            recording.getStoredObject().bucket(), recording.getStoredObject().objectKey(),
                            DeletionReason.RETENTION.name(), clock.instant()));
            if (deletion.outcome() == DeletionOutcome.DELETED) {
                deletedCounter.increment();
                events.deleted(deletion.recording());
            }
            return deletion.outcome();
        } catch (RuntimeException e) {
            failureCounter.increment();
            log.warn("retention could not delete or announce recording {} of tenant {}: {}", recordingId, tenantId,
                    e.toString());
            return null;
        }
    }

    private int republishUnannounced() {
        int republished = 0;
        UUID after = KnownRecordings.FIRST;
        List<UUID> page;
        do {
            page = deletions.unpublishedDeletions(after, properties.pageSize());
            for (UUID recordingId : page) {
                Optional<Recording> deleted = deletions.find(recordingId);
                try {
                    if (deleted.isPresent()) {
                        events.deleted(deleted.get());
                        republished++;
                    }
                } catch (RuntimeException e) {
                    failureCounter.increment();
                    log.warn("could not announce the deletion of recording {}: {}", recordingId, e.toString());
                }
            }
            after = page.isEmpty() ? after : page.getLast();
        } while (page.size() == properties.pageSize());
        if (republished > 0) {
            log.info("announced {} earlier deletions whose RecordingDeleted had not been acknowledged", republished);
        }
        return republished;
    }

    /**
     * One run of the job.
     *
     * @param startedAt   when it started; every tenant's cut-off is counted from it
     * @param tenants     each tenant's result, in tenant order
     * @param republished earlier deletions whose {@code RecordingDeleted} was published again
     */
    public record RetentionRun(Instant startedAt, List<TenantRun> tenants, int republished) {
    }

    /**
     * One tenant's part of a run.
     *
     * @param tenantId the tenant
     * @param days     its retention, days
     * @param cutoff   recordings whose call ended before this instant were due
     * @param deleted  recordings deleted (a failure to announce one is counted in {@code failed} instead)
     * @param failed   recordings that could not be deleted or announced (retried next run)
     */
    public record TenantRun(String tenantId, int days, Instant cutoff, int deleted, int failed) {
    }
}
