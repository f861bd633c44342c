package dev.callvault.fetch.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Provider API base URLs, {@code callvault.providers.*} (contract keys). The worker never requests a URL outside
 * them.
 *
 * @param twilio     Twilio's REST API
 * @param elevenlabs ElevenLabs' API
 * @param vapi       Vapi's API and the storage hosts of its pre-signed recording URLs
 */
@Validated
@ConfigurationProperties("callvault.providers")
public record ProvidersProperties(@Valid @NotNull @DefaultValue TwilioApi twilio,
        @Valid @NotNull @DefaultValue ElevenLabsApi elevenlabs,
        @Valid @NotNull @DefaultValue VapiApi vapi) {

    /** @param apiBaseUrl base URL of Twilio's REST API (default {@code https://api.twilio.com}) */
    public record TwilioApi(@NotNull @DefaultValue("https://api.twilio.com") URI apiBaseUrl) {
    }

    /** @param apiBaseUrl base URL of ElevenLabs' API (default {@code https://api.elevenlabs.io}) */
    public record ElevenLabsApi(@NotNull @DefaultValue("https://api.elevenlabs.io") URI apiBaseUrl) {
    }

    /**
     * Vapi: its API, and where its pre-signed recording URLs may point.
     *
     * @param apiBaseUrl     base URL of Vapi's API (default {@code https://api.vapi.ai}); the tenant's API key is
     *                       only ever sent under it
     * @param recordingHosts hosts that a pre-signed recording URL (from the event, or from the API's redirect) may
     *                       point to: exact host names ({@code storage.vapi.ai}) or {@code *.suffix} for any host
     *                       strictly below the suffix; case-insensitive, any port. {@code https} only, except that
     *                       plain {@code http} is admitted for exactly listed hosts (the local provider simulator).
     *                       Default {@code storage.vapi.ai}, the host of Vapi's recording storage; see
     *                       {@link RecordingHosts}
     */
    public record VapiApi(@NotNull @DefaultValue("https://api.vapi.ai") URI apiBaseUrl,
            @NotNull @DefaultValue("storage.vapi.ai") List<String> recordingHosts) {
    }
}
