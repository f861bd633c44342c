package dev.callvault.media.rendition;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Opus rendition, {@code callvault.media.opus.*}.
 *
 * @param enabled           whether media-worker stores an Opus rendition of every recording it analyses, default
 *                          {@code true}
 * @param bitratePerChannel target bitrate per channel in bits per second, default 24,000 (speech at wideband quality:
 *                          RFC 6716 section 2.1.1 lists 16-20 kbit/s for wideband speech), 6,000 to 256,000
 * @param application       libopus' tuning: {@code voip} (speech, default), {@code audio} or {@code lowdelay}
 */
@ConfigurationProperties("callvault.media.opus")
public record RenditionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("24000") int bitratePerChannel,
        @DefaultValue("voip") String application) {

    /**
     * @throws IllegalArgumentException if a value is out of its range
     */
    public RenditionProperties {
        if (bitratePerChannel < 6_000 || bitratePerChannel > 256_000) {
            throw new IllegalArgumentException("bitrate-per-channel must be 6000 to 256000 bits per second");
        }
        if (!java.util.Set.of("voip", "audio", "lowdelay").contains(application)) {
            throw new IllegalArgumentException("application must be voip, audio or lowdelay");
        }
    }
}
