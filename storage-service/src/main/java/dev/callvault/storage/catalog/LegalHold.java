package dev.callvault.storage.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * A recording's legal hold (columns {@code legal_hold} .. {@code legal_hold_in_store} of {@code storage.recording}):
 * while it is held, neither retention nor a user may delete it.
 *
 * @param held     whether it is on legal hold
 * @param reason   the hold's reason, 1..500 characters, or {@code null} without hold
 * @param placedBy the subject who placed the hold, or {@code null}
 * @param since    since when it is on hold, or {@code null}
 * @param inStore  whether object storage applied an object-lock legal hold too ({@code false} when the store
 *                 refused); {@code null} without hold or object
 */
@Embeddable
public record LegalHold(
        @Column(name = "legal_hold", nullable = false) boolean held,
        @Column(name = "legal_hold_reason") String reason,
        @Column(name = "legal_hold_by") String placedBy,
        @Column(name = "legal_hold_since") Instant since,
        @Column(name = "legal_hold_in_store") Boolean inStore) {

    /** Not on hold. */
    static final LegalHold NONE = new LegalHold(false, null, null, null, null);

    /**
     * @param newReason why, 1..500 characters
     * @param by        the subject who places it
     * @param now       placement time; an existing hold keeps its original time
     * @return the hold placed, or re-stated with the new reason and subject
     */
    LegalHold placed(String newReason, String by, Instant now) {
        return new LegalHold(true, newReason, by, held ? since : now, inStore);
    }

    /**
     * @param applied whether object storage holds the object too, {@code null} without an object
     * @return the hold with what object storage did
     */
    LegalHold withInStore(Boolean applied) {
        return new LegalHold(held, reason, placedBy, since, applied);
    }
}
