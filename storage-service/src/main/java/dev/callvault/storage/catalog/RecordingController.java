package dev.callvault.storage.catalog;

import dev.callvault.events.CallDirection;
import dev.callvault.events.Provider;
import dev.callvault.platform.security.DashboardClaims;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog over HTTP (docs/architecture.md, "storage-service"), scope {@code recordings:read}, always within the
 * caller's {@code tenant_id}. Errors are problem details (RFC 9457): a malformed id or filter 400, an unknown id or
 * another tenant's 404.
 */
@RestController
@RequestMapping("/v1/recordings")
class RecordingController {

    static final int MAX_PAGE_SIZE = 100;

    private final RecordingRepository recordings;
    private final RecordingResponses responses;

    RecordingController(RecordingRepository recordings, RecordingResponses responses) {
        this.recordings = recordings;
        this.responses = responses;
    }

    @GetMapping("/{recordingId}")
    RecordingResponse get(@PathVariable UUID recordingId, @AuthenticationPrincipal Jwt jwt) {
        return recordings.findByIdAndTenantId(recordingId, DashboardClaims.tenantId(jwt))
                .map(responses::of)
                .orElseThrow(() -> new RecordingNotFoundException(recordingId));
    }

    @GetMapping
    RecordingPageResponse list(@RequestParam(required = false) RecordingStatus status,
            @RequestParam(required = false) Provider provider,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) @Size(min = 1, max = 200) String agentId,
            @RequestParam(required = false) @Size(min = 1, max = 64) String phone,
            @RequestParam(required = false) CallDirection direction,
            @RequestParam(required = false) @Size(min = 1, max = 200) String callId,
            @RequestParam(required = false) @Min(0) @Max(2_000_000) Integer minDurationSeconds,
            @RequestParam(required = false) @Min(0) @Max(2_000_000) Integer maxDurationSeconds,
            @RequestParam(required = false) @DecimalMin("0.0") @DecimalMax("1.0") Double minSilenceRatio,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @AuthenticationPrincipal Jwt jwt) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRecordingQueryException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        if (minDurationSeconds != null && maxDurationSeconds != null && minDurationSeconds > maxDurationSeconds) {
            throw new InvalidRecordingQueryException("'minDurationSeconds' (" + minDurationSeconds
                    + ") must not exceed 'maxDurationSeconds' (" + maxDurationSeconds + ")");
        }
        RecordingFilter filter = new RecordingFilter(DashboardClaims.tenantId(jwt), status, provider, from, to,
                agentId, phone, direction, callId, minDurationSeconds, maxDurationSeconds, minSilenceRatio);
        return responses.page(recordings.findAll(filter.toSpecification(),
                PageRequest.of(page, size, RecordingFilter.NEWEST_FIRST)));
    }
}
