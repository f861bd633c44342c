package dev.callvault.storage.catalog;

import dev.callvault.events.DeletionReason;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * A recording's deletion (columns {@code deleted_at} .. {@code deletion_published_at} of {@code storage.recording}):
 * when, why and by whom, and when the broker acknowledged its {@code RecordingDeleted}. Every part is {@code null}
 * while the recording is not deleted.
 *
 * @param deletedAt   when it was deleted
 * @param reason      why it was deleted
 * @param deletedBy   the subject who deleted it, or {@code null} (retention, or not deleted)
 * @param publishedAt when the broker acknowledged its {@code RecordingDeleted}, or {@code null} until then
 */
@Embeddable
public record Deletion(
        @Column(name = "deleted_at") Instant deletedAt,
        @Enumerated(EnumType.STRING) @Column(name = "deletion_reason") DeletionReason reason,
        @Column(name = "deleted_by") String deletedBy,
        @Column(name = "deletion_published_at") Instant publishedAt) {

    /** Not deleted. */
    static final Deletion NONE = new Deletion(null, null, null, null);

    /**
     * @param why why it is deleted
     * @param by  the subject who asked for it, or {@code null} for retention
     * @param now deletion time
     * @return the deletion, its publication as it was
     */
    Deletion deleted(DeletionReason why, String by, Instant now) {
        return new Deletion(now, why, by, publishedAt);
    }

    /**
     * @param now acknowledgement time
     * @return the deletion with its {@code RecordingDeleted} acknowledged
     */
    Deletion published(Instant now) {
        return new Deletion(deletedAt, reason, deletedBy, now);
    }
}
