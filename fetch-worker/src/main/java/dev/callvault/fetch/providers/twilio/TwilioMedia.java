package dev.callvault.fetch.providers.twilio;

import jakarta.validation.constraints.NotNull;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Twilio recording media settings, {@code callvault.fetch.twilio.*}.
 *
 * @param format media format requested from Twilio's "Fetch a Recording media file" endpoint, {@code mp3} (default)
 *               or {@code wav}
 */
@Validated
@ConfigurationProperties("callvault.fetch.twilio")
record TwilioMedia(@NotNull @DefaultValue("mp3") Format format) {

    /** Formats Twilio serves a recording in (https://www.twilio.com/docs/voice/api/recording). */
    enum Format {
        /** {@code .mp3}: MPEG audio, about a tenth of the WAV size. */
        MP3,
        /** {@code .wav}: 16-bit PCM WAV. */
        WAV;

        /** @return the file extension, lower case ({@code mp3}, {@code wav}) */
        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
