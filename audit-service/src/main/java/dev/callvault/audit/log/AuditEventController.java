package dev.callvault.audit.log;

import dev.callvault.events.AccessAction;
import dev.callvault.platform.security.DashboardClaims;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit-events} (docs/architecture.md, "audit-service"), scope {@code audit:read}, always within the
 * caller's {@code tenant_id}: another tenant's events are never counted or shown. Errors are problem details
 * (RFC 9457): a malformed recording id, instant or page 400.
 */
@RestController
class AuditEventController {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private final AuditLog auditLog;

    AuditEventController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/v1/audit-events")
    AuditEventPage list(@RequestParam(required = false) UUID recordingId,
            @RequestParam(required = false) @Size(min = 1, max = 1024) String subject,
            @RequestParam(required = false) AccessAction action,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @AuthenticationPrincipal Jwt jwt) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidAuditQueryException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return auditLog.find(new AuditEventQuery(DashboardClaims.tenantId(jwt), recordingId, subject, action, from, to,
                page, size));
    }
}
