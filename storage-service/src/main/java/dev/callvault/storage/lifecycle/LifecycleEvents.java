package dev.callvault.storage.lifecycle;

import dev.callvault.events.LifecycleChange;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.RetentionRunCompleted;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import dev.callvault.storage.catalog.Deletion;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingDeletions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;

/**
 * Publishes the lifecycle events of storage-service, key = recording id, each acknowledged by the broker
 * ({@code acks=all}) before returning: {@code RecordingDeleted} on {@code callvault.recording-deleted.v1} and
 * {@code RecordingLifecycleChanged} (legal holds) on {@code callvault.recording-lifecycle.v1}; and, keyed by tenant
 * id, {@code RetentionRunCompleted} on {@code callvault.retention-runs.v1}.
 */
@Component
class LifecycleEvents {

    private final AcknowledgedPublisher publisher;
    private final RecordingDeletions deletions;
    private final RetentionProperties properties;
    private final Clock clock;

    LifecycleEvents(AcknowledgedPublisher publisher, RecordingDeletions deletions, RetentionProperties properties,
            Clock clock) {
        this.publisher = publisher;
        this.deletions = deletions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Publishes a deleted recording's {@code RecordingDeleted} (its deletion time, reason, subject and former object
     * key) and notes the acknowledgement in the catalog. The event id derives from the recording id, so a
     * re-publication after a crash carries the same id and consumers deduplicate it.
     *
     * @param deleted a {@code DELETED} entry
     * @throws PublishFailedException if the broker did not acknowledge it in time
     */
    void deleted(Recording deleted) {
        Deletion deletion = deleted.getDeletion();
        RecordingDeleted event = RecordingDeleted.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("deleted:" + deleted.getId()).getBytes()))
                .setOccurredAt(deletion.deletedAt().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(deleted.getTenantId())
                .setRecordingId(deleted.getId())
                .setReason(deletion.reason())
                .setDeletedBy(deletion.deletedBy())
                .setObjectKey(deleted.getStoredObject().objectKey())
                .build();
        publish(Topics.RECORDING_DELETED, deleted.getId(), event);
        deletions.markDeletionPublished(deleted.getId());
    }

    /**
     * Publishes a legal hold placed or released.
     *
     * @param recording      the entry after the change
     * @param change         placed or released
     * @param by             the caller's subject
     * @param reason         the hold's reason, {@code null} for a release
     * @param appliedInStore whether the store applied the change, {@code null} without object
     * @throws PublishFailedException if the broker did not acknowledge it in time
     */
    void legalHold(Recording recording, LifecycleChange change, String by, String reason, Boolean appliedInStore) {
        publish(Topics.RECORDING_LIFECYCLE, recording.getId(), RecordingLifecycleChanged.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(recording.getTenantId())
                .setRecordingId(recording.getId())
                .setChange(change)
                .setReason(reason)
                .setChangedBy(by)
                .setAppliedInStore(appliedInStore)
                .build());
    }

    /**
     * Publishes one tenant's part of a retention run, for the audit log.
     *
     * @param run the tenant's result
     * @param startedAt when the run started
     * @throws PublishFailedException if the broker did not acknowledge it in time
     */
    void retentionRun(Retention.TenantRun run, Instant startedAt) {
        RetentionRunCompleted event = RetentionRunCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(run.tenantId())
                .setStartedAt(startedAt.truncatedTo(ChronoUnit.MILLIS))
                .setRetentionDays(run.days())
                .setCutoff(run.cutoff().truncatedTo(ChronoUnit.MILLIS))
                .setDeleted(run.deleted())
                .setFailed(run.failed())
                .build();
        publish(Topics.RETENTION_RUNS, run.tenantId(), event);
    }

    private void publish(String topic, UUID recordingId, SpecificRecord event) {
        publish(topic, recordingId.toString(), event);
    }

    private void publish(String topic, String key, SpecificRecord event) {
        publisher.publishAll(List.of(new ProducerRecord<>(topic, key, event)), properties.publishTimeout());
    }
}
