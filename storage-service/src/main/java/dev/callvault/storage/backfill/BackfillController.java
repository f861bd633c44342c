package dev.callvault.storage.backfill;

import dev.callvault.platform.security.DashboardClaims;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/admin/backfill} (docs/architecture.md, "storage-service"), scope {@code recordings:admin}:
 * re-requests every {@code PENDING} or {@code FAILED} recording of the caller's tenant. Optional JSON body
 * {@code {"since": "<ISO-8601 instant>"}} limits it to calls that ended at or after that instant.
 *
 * <p>Answers 202 {@code {"requested": n}} once the broker acknowledged all n fetch requests (the fetching itself
 * happens later, in fetch-worker); 400 for a malformed body; 503 problem detail when publishing failed part-way.
 */
@RestController
class BackfillController {

    private final Backfill backfill;

    BackfillController(Backfill backfill) {
        this.backfill = backfill;
    }

    @PostMapping("/v1/admin/backfill")
    ResponseEntity<BackfillResponse> backfill(@RequestBody(required = false) BackfillRequest request,
            @AuthenticationPrincipal Jwt jwt) {
        long requested = backfill.requestFetches(DashboardClaims.tenantId(jwt),
                request == null ? null : request.since(), jwt.getSubject());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new BackfillResponse(requested));
    }
}
