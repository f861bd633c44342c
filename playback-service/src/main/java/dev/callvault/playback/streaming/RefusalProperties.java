package dev.callvault.playback.streaming;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Refused stream URLs, prefix {@code callvault.playback.refusals}: how many one client address may have refused
 * (invalid, expired or forged signatures, unknown recordings) per window before further refusals answer 429 and are
 * no longer audited ({@link RefusalLimiter}).
 *
 * @param maxPerClient refusals per client address and window that are answered 403 and audited, default 30
 * @param window       the window, counted from a client's first refusal in it, default 1 minute; also the 429's
 *                     {@code Retry-After}
 * @param maxClients   client addresses remembered at once, default 100,000 (about 10 MB)
 */
@Validated
@ConfigurationProperties("callvault.playback.refusals")
public record RefusalProperties(
        @Min(1) @DefaultValue("30") int maxPerClient,
        @NotNull @DefaultValue("1m") Duration window,
        @Min(1) @DefaultValue("100000") long maxClients) {
}
