package dev.callvault.ingest.twilio;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Twilio's API location, {@code callvault.providers.twilio.*}.
 *
 * @param apiBaseUrl the base URL of Twilio's REST API (default {@code https://api.twilio.com}); a callback's
 *                   {@code RecordingUrl} must lie under it
 */
@Validated
@ConfigurationProperties("callvault.providers.twilio")
public record TwilioProviderProperties(@NotNull @DefaultValue("https://api.twilio.com") URI apiBaseUrl) {
}
