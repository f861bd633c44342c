package dev.callvault.fetch.providers.elevenlabs;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * ElevenLabs' API, {@code callvault.providers.elevenlabs.*} (contract key). The worker never requests a URL outside
 * it.
 *
 * @param apiBaseUrl base URL of ElevenLabs' API (default {@code https://api.elevenlabs.io})
 */
@Validated
@ConfigurationProperties("callvault.providers.elevenlabs")
record ElevenLabsApi(@NotNull @DefaultValue("https://api.elevenlabs.io") URI apiBaseUrl) {
}
