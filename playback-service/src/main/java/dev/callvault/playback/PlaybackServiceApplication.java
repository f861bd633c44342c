package dev.callvault.playback;

import dev.callvault.platform.storage.EnableObjectStorage;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * playback-service: signed playback URLs and byte-range streaming of CallVault recordings (port 8084).
 *
 * <p>Keeps its own read model (schema {@code playback}) fed by {@code call-ended}, {@code recording-stored},
 * {@code recording-fetch-failed} and {@code recording-deleted}, mints HMAC-signed stream URLs, streams objects from
 * S3 with RFC 9110 range semantics, and publishes {@code RecordingAccessed} for every access before any audio byte
 * leaves (see {@code docs/architecture.md}, "playback-service").
 */
@SpringBootApplication
@EnableObjectStorage
@ConfigurationPropertiesScan
public class PlaybackServiceApplication {

    /**
     * Starts the service.
     *
     * @param args Spring Boot command-line arguments ({@code --property=value})
     */
    public static void main(String[] args) {
        SpringApplication.run(PlaybackServiceApplication.class, args);
    }

    /** @return the UTC clock for URL expiry and read-model stamps; a bean so that it is replaceable in one place */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
