package dev.callvault.storage.orphans;

import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.storage.orphans.OrphanFindings.TenantFindings;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/orphans} (docs/architecture.md, "storage-service"), scope {@code recordings:admin}: the caller's
 * tenant's findings of this instance's last orphan scan. 200 with {@link OrphansResponse}; before the first scan
 * {@code scannedAt} is {@code null} and the lists are empty.
 */
@RestController
class OrphanController {

    private final OrphanScan scan;

    OrphanController(OrphanScan scan) {
        this.scan = scan;
    }

    @GetMapping("/v1/admin/orphans")
    OrphansResponse orphans(@AuthenticationPrincipal Jwt jwt) {
        String tenantId = DashboardClaims.tenantId(jwt);
        return scan.lastFindings()
                .map(findings -> OrphansResponse.of(findings.scannedAt(), findings.of(tenantId)))
                .orElseGet(() -> OrphansResponse.of(null, TenantFindings.NONE));
    }
}
