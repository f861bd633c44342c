package dev.callvault.audit.custody;

import dev.callvault.platform.security.DashboardClaims;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/recordings/{recordingId}/custody} (docs/architecture.md, "audit-service"), scope {@code audit:read}:
 * the recording's timeline within the caller's tenant, oldest first, paged ({@code page} from 0, {@code size}
 * 1-500, default 500) because every access adds an entry. Errors are problem details (RFC 9457): a malformed id or
 * page 400; a recording the tenant has no event for (unknown, or another tenant's) 404.
 */
@RestController
class CustodyController {

    static final int MAX_PAGE_SIZE = 500;

    private final CustodyLog custodyLog;

    CustodyController(CustodyLog custodyLog) {
        this.custodyLog = custodyLog;
    }

    @GetMapping("/v1/recordings/{recordingId}/custody")
    CustodyTimeline custody(@PathVariable UUID recordingId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "" + MAX_PAGE_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @AuthenticationPrincipal Jwt jwt) {
        CustodyTimeline timeline = custodyLog.timeline(DashboardClaims.tenantId(jwt), recordingId, page, size);
        if (timeline.totalItems() == 0) {
            throw new RecordingNotFoundException(recordingId);
        }
        return timeline;
    }
}
