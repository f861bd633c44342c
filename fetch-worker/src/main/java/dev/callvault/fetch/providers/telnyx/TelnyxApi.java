package dev.callvault.fetch.providers.telnyx;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Telnyx: its API, and where its pre-signed recording URLs may point, {@code callvault.providers.telnyx.*} (contract
 * keys).
 *
 * @param apiBaseUrl     base URL of Telnyx's API (default {@code https://api.telnyx.com}); the tenant's API key is
 *                       only ever sent under it
 * @param recordingHosts hosts that a pre-signed recording URL (the webhook's {@code recording_urls}, or the API's
 *                       {@code download_urls}) may point to: exact host names or {@code *.suffix} for any host
 *                       strictly below the suffix; {@code https} only, plain {@code http} only for exactly listed
 *                       hosts (the local provider simulator). Default {@code s3.amazonaws.com} and
 *                       {@code *.s3.amazonaws.com}: Telnyx keeps recordings in its own S3 buckets and shares them as
 *                       pre-signed S3 URLs (Telnyx documentation, "Storing call recordings"); see
 *                       {@link dev.callvault.fetch.providers.RecordingHosts}
 */
@Validated
@ConfigurationProperties("callvault.providers.telnyx")
record TelnyxApi(@NotNull @DefaultValue("https://api.telnyx.com") URI apiBaseUrl,
        @NotNull @DefaultValue({"s3.amazonaws.com", "*.s3.amazonaws.com"}) List<String> recordingHosts) {
}
