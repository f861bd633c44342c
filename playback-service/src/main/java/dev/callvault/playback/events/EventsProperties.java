package dev.callvault.playback.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dashboards' event stream, prefix {@code callvault.playback.events}.
 *
 * @param heartbeat      interval of the {@code :heartbeat} comment that keeps idle connections (and proxies) open,
 *                       default 15 s
 * @param timeout        lifetime of one stream; the client reconnects (EventSource does so by itself), default 30 min
 * @param maxSubscribers open streams one instance accepts; more are answered 503, default 1000
 * @param maxSubscribersPerTenant open streams one tenant may hold on one instance, so that no tenant takes up the
 *                       instance's; more are answered 429, default 100
 */
@Validated
@ConfigurationProperties("callvault.playback.events")
public record EventsProperties(
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @NotNull @DefaultValue("30m") Duration timeout,
        @Min(1) @DefaultValue("1000") int maxSubscribers,
        @Min(1) @DefaultValue("100") int maxSubscribersPerTenant) {
}
