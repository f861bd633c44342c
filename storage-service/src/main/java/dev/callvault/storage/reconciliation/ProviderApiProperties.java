package dev.callvault.storage.reconciliation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The providers' API base URLs, {@code callvault.providers.*} (contract keys). Reconciliation requests nothing outside
 * them ({@link ProviderApi}).
 *
 * @param twilio     Twilio's REST API
 * @param elevenlabs ElevenLabs' API
 * @param telnyx     Telnyx's API v2
 */
@Validated
@ConfigurationProperties("callvault.providers")
public record ProviderApiProperties(@Valid @NotNull @DefaultValue TwilioApi twilio,
        @Valid @NotNull @DefaultValue ElevenLabsApi elevenlabs, @Valid @NotNull @DefaultValue TelnyxApi telnyx) {

    /** @param apiBaseUrl base URL of Twilio's REST API, default {@code https://api.twilio.com} */
    public record TwilioApi(@NotNull @DefaultValue("https://api.twilio.com") URI apiBaseUrl) {
    }

    /** @param apiBaseUrl base URL of ElevenLabs' API, default {@code https://api.elevenlabs.io} */
    public record ElevenLabsApi(@NotNull @DefaultValue("https://api.elevenlabs.io") URI apiBaseUrl) {
    }

    /** @param apiBaseUrl base URL of Telnyx's API, default {@code https://api.telnyx.com} */
    public record TelnyxApi(@NotNull @DefaultValue("https://api.telnyx.com") URI apiBaseUrl) {
    }
}
