package dev.callvault.ingest.vapi;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the ingest needs to know about Vapi, {@code callvault.providers.vapi.*} ({@code docs/architecture.md},
 * "Configuration"). The API base URL of the same prefix is the fetch worker's, not read here.
 *
 * @param recordingHosts the hosts that the recording URLs of an end-of-call report may point to (contract key
 *                       {@code callvault.providers.vapi.recording-hosts}, comma-separated): an exact host name
 *                       ({@code storage.vapi.ai}, {@code 127.0.0.1}) or {@code *.suffix} for any host below the suffix
 *                       (not the suffix itself); case-insensitive. Default {@code storage.vapi.ai}. See
 *                       {@link dev.callvault.ingest.webhook.RecordingHostAllowlist} for the scheme rules
 */
@Validated
@ConfigurationProperties("callvault.providers.vapi")
public record VapiProviderProperties(@NotNull @DefaultValue("storage.vapi.ai") List<String> recordingHosts) {
}
