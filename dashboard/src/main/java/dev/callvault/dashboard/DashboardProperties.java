package dev.callvault.dashboard;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dashboard's settings, prefix {@code callvault.dashboard} (docs/architecture.md, "Configuration").
 *
 * @param storageUrl      base URL of storage-service (the catalog)
 * @param playbackUrl     base URL of playback-service (signed URLs, the live feed)
 * @param auditUrl        base URL of audit-service (access log, custody timelines)
 * @param playbackUrlTtl  lifetime asked for the player's signed URLs; default 10 minutes
 * @param devLogin        whether {@code /dev-login} signs users in with a form and the local HS256 secret; only the
 *                        {@code local} profile sets it
 * @param devTokenSecret  the HS256 secret of the local stack's tokens ({@code callvault.security.jwt.hmac-secret},
 *                        as the services verify them; {@code application.yml} reads it from there); used only with
 *                        {@code dev-login}
 */
@Validated
@ConfigurationProperties("callvault.dashboard")
public record DashboardProperties(
        @NotNull URI storageUrl,
        @NotNull URI playbackUrl,
        @NotNull URI auditUrl,
        @NotNull @DefaultValue("PT10M") Duration playbackUrlTtl,
        @DefaultValue("false") boolean devLogin,
        String devTokenSecret) {
}
