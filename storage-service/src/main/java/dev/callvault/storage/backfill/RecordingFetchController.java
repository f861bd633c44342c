package dev.callvault.storage.backfill;

import dev.callvault.events.Provider;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.storage.catalog.FetchRequests;
import dev.callvault.storage.catalog.KnownRecordings;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingNotFoundException;
import dev.callvault.storage.catalog.RecordingStatus;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/recordings/{recordingId}/fetch-requests} (docs/architecture.md, "storage-service"), scope
 * {@code recordings:admin}: asks fetch-worker to fetch one {@code PENDING} or {@code FAILED} recording again, as a
 * person who saw it fail (reason {@value #REASON}, {@code requestedBy} the caller's subject); fetch-worker handles it
 * like a {@code CallEnded}.
 *
 * <p>Answers 202 {@code {"recordingId", "requested": true}} once the broker acknowledged the {@code FetchRequested};
 * 404 for an unknown id or another tenant's; 409 (with {@code status}) for a recording that is not {@code PENDING}
 * or {@code FAILED}, or that no provider can serve again (uploads); 503 when the request was not acknowledged.
 */
@RestController
class RecordingFetchController {

    static final String REASON = "MANUAL";

    private static final Logger log = LoggerFactory.getLogger(RecordingFetchController.class);
    private static final Set<RecordingStatus> FETCHABLE_STATUSES = EnumSet.of(RecordingStatus.PENDING,
            RecordingStatus.FAILED);
    private static final Set<Provider> FETCHABLE_PROVIDERS = EnumSet.complementOf(EnumSet.of(Provider.UPLOAD,
            Provider.OTHER));

    private final KnownRecordings catalog;
    private final AcknowledgedPublisher publisher;
    private final BackfillProperties properties;
    private final Clock clock;

    RecordingFetchController(KnownRecordings catalog, AcknowledgedPublisher publisher, BackfillProperties properties,
            Clock clock) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/v1/recordings/{recordingId}/fetch-requests")
    ResponseEntity<FetchRequestResponse> requestFetch(@PathVariable UUID recordingId,
            @AuthenticationPrincipal Jwt jwt) {
        Recording recording = catalog.find(DashboardClaims.tenantId(jwt), recordingId)
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
        if (!FETCHABLE_STATUSES.contains(recording.getStatus()) || !FETCHABLE_PROVIDERS.contains(recording.getProvider())
                || recording.getCall().providerRecordingId() == null) {
            throw notFetchable(recording);
        }
        try {
            publisher.publish(FetchRequests.of(recording, REASON, jwt.getSubject(), clock.instant()),
                    properties.publishTimeout());
        } catch (PublishFailedException e) {
            ErrorResponseException unavailable = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                            "The fetch request was not acknowledged by the broker; try again."), e);
            unavailable.getHeaders().set("Retry-After", "5");
            throw unavailable;
        }
        log.info("fetch of recording {} of tenant {} requested by {}", recordingId, recording.getTenantId(),
                jwt.getSubject());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new FetchRequestResponse(recordingId, true));
    }

    private static ErrorResponseException notFetchable(Recording recording) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Recording " + recording.getId()
                + " is " + recording.getStatus() + " from " + recording.getProvider()
                + ": only PENDING or FAILED recordings of a provider can be fetched again");
        problem.setTitle("Recording not fetchable");
        problem.setProperty("status", recording.getStatus().name());
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    /**
     * @param recordingId the recording
     * @param requested   {@code true}: the broker acknowledged the request
     */
    record FetchRequestResponse(UUID recordingId, boolean requested) {
    }
}
