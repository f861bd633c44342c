package dev.callvault.fetch.providers.vapi;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Vapi: its API, and where its pre-signed recording URLs may point, {@code callvault.providers.vapi.*} (contract
 * keys).
 *
 * @param apiBaseUrl     base URL of Vapi's API (default {@code https://api.vapi.ai}); the tenant's API key is only
 *                       ever sent under it
 * @param recordingHosts hosts that a pre-signed recording URL (from the event, or from the API's redirect) may point
 *                       to: exact host names ({@code storage.vapi.ai}) or {@code *.suffix} for any host strictly below
 *                       the suffix; case-insensitive, any port. {@code https} only, except that plain {@code http} is
 *                       admitted for exactly listed hosts (the local provider simulator). Default
 *                       {@code storage.vapi.ai}, the host of Vapi's recording storage; see
 *                       {@link dev.callvault.fetch.providers.RecordingHosts}
 */
@Validated
@ConfigurationProperties("callvault.providers.vapi")
record VapiApi(@NotNull @DefaultValue("https://api.vapi.ai") URI apiBaseUrl,
        @NotNull @DefaultValue("storage.vapi.ai") List<String> recordingHosts) {
}
