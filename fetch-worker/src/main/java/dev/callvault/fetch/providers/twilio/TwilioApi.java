package dev.callvault.fetch.providers.twilio;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Twilio's REST API, {@code callvault.providers.twilio.*} (contract key). The worker never requests a URL outside it.
 *
 * @param apiBaseUrl base URL of Twilio's REST API (default {@code https://api.twilio.com})
 */
@Validated
@ConfigurationProperties("callvault.providers.twilio")
record TwilioApi(@NotNull @DefaultValue("https://api.twilio.com") URI apiBaseUrl) {
}
