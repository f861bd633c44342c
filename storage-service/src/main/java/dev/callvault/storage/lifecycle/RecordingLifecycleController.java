package dev.callvault.storage.lifecycle;

import dev.callvault.events.DeletionReason;
import dev.callvault.events.LifecycleChange;
import dev.callvault.platform.kafka.PublishFailedException;
import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.storage.catalog.LegalHolds.HoldRelease;
import dev.callvault.storage.catalog.LegalHolds;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingDeletions;
import dev.callvault.storage.catalog.RecordingNotFoundException;
import dev.callvault.storage.catalog.RecordingResponse;
import dev.callvault.storage.catalog.RecordingResponses;
import dev.callvault.storage.objects.RecordingObjects;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Legal holds and data-subject deletion over HTTP (docs/architecture.md, "storage-service"), scope
 * {@code recordings:admin}, always within the caller's {@code tenant_id} (another tenant's id answers 404). Errors
 * are problem details (RFC 9457).
 *
 * <ul>
 *   <li>{@code PUT /{id}/legal-hold} {@code {"reason": "..."}} (1..500 characters): 200 with the entry; 400 without
 *       a reason; 409 for a deleted recording. Publishes {@code LEGAL_HOLD_PLACED}.</li>
 *   <li>{@code DELETE /{id}/legal-hold}: 200 with the entry (also when it was not held). Publishes
 *       {@code LEGAL_HOLD_RELEASED} when a hold was released.</li>
 *   <li>{@code DELETE /{id}}: 204 once the recording's tombstone is written and its object deleted, the entry {@code DELETED} (reason
 *       {@code USER_REQUEST}, by the caller's {@code sub}) and {@code RecordingDeleted} acknowledged; 204 again for
 *       a deleted recording (idempotent); 409 while on legal hold; 503 when object storage failed (nothing
 *       changed).</li>
 * </ul>
 */
@RestController
@RequestMapping("/v1/recordings/{recordingId}")
class RecordingLifecycleController {

    private static final Logger log = LoggerFactory.getLogger(RecordingLifecycleController.class);

    private final LegalHolds holds;
    private final RecordingDeletions deletions;
    private final RecordingObjects objects;
    private final LifecycleEvents events;
    private final RecordingResponses responses;

    RecordingLifecycleController(LegalHolds holds, RecordingDeletions deletions, RecordingObjects objects,
            LifecycleEvents events, RecordingResponses responses) {
        this.holds = holds;
        this.deletions = deletions;
        this.objects = objects;
        this.events = events;
        this.responses = responses;
    }

    @PutMapping("/legal-hold")
    RecordingResponse placeLegalHold(@PathVariable UUID recordingId, @Valid @RequestBody LegalHoldRequest request,
            @AuthenticationPrincipal Jwt jwt) {
        Recording held = holds.place(recordingId, DashboardClaims.tenantId(jwt), request.reason(), jwt.getSubject(),
                recording -> objects.legalHold(recording.getStoredObject().bucket(),
                        recording.getStoredObject().objectKey(), true));
        log.info("legal hold placed on recording {} of tenant {} by {} (in object storage: {})", recordingId,
                held.getTenantId(), jwt.getSubject(), held.getLegalHold().inStore());
        try {
            events.legalHold(held, LifecycleChange.LEGAL_HOLD_PLACED, jwt.getSubject(), request.reason(),
                    held.getLegalHold().inStore());
        } catch (PublishFailedException e) {
            throw new LifecycleEventNotPublishedException("The legal hold is placed", e);
        }
        return responses.of(held);
    }

    @DeleteMapping("/legal-hold")
    RecordingResponse releaseLegalHold(@PathVariable UUID recordingId, @AuthenticationPrincipal Jwt jwt) {
        HoldRelease release = holds.release(recordingId, DashboardClaims.tenantId(jwt),
                recording -> objects.legalHold(recording.getStoredObject().bucket(),
                        recording.getStoredObject().objectKey(), false));
        if (release.released()) {
            Recording recording = release.recording();
            log.info("legal hold released on recording {} of tenant {} by {}", recordingId, recording.getTenantId(),
                    jwt.getSubject());
            try {
                events.legalHold(recording, LifecycleChange.LEGAL_HOLD_RELEASED, jwt.getSubject(), null,
                        release.releasedInStore());
            } catch (PublishFailedException e) {
                throw new LifecycleEventNotPublishedException("The legal hold is released", e);
            }
        }
        return responses.of(release.recording());
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable UUID recordingId, @AuthenticationPrincipal Jwt jwt) {
        RecordingDeletions.Result deletion = deletions.deleteOnRequest(recordingId, DashboardClaims.tenantId(jwt),
                jwt.getSubject(), recording -> objects.deleteRecording(recording.getTenantId(), recording.getId(),
                        recording.getStoredObject().bucket(), recording.getStoredObject().objectKey(),
                        DeletionReason.USER_REQUEST.name(), Instant.now()));
        switch (deletion.outcome()) {
            case NOT_FOUND -> throw new RecordingNotFoundException(recordingId);
            case ON_HOLD -> throw new LegalHoldConflictException(recordingId);
            case DELETED -> log.info("recording {} of tenant {} deleted at the request of {}", recordingId,
                    deletion.recording().getTenantId(), jwt.getSubject());
            default -> {
                // ALREADY_DELETED: publish again only if the first attempt was not acknowledged
            }
        }
        if (deletion.recording().getDeletion().publishedAt() == null) {
            try {
                events.deleted(deletion.recording());
            } catch (PublishFailedException e) {
                throw new LifecycleEventNotPublishedException("The recording is deleted", e);
            }
        }
        return ResponseEntity.noContent().build();
    }
}
