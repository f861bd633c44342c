package dev.callvault.media;

import dev.callvault.platform.storage.EnableObjectStorage;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * media-worker: the media derivatives of CallVault (port 8086, actuator only).
 *
 * <p>Consumes {@code callvault.recording-stored.v1} (consumer group {@code media-worker}); decodes each new recording
 * once with ffmpeg, stores its waveform peaks next to the recording's object and publishes {@code RecordingAnalyzed}
 * on {@code callvault.recording-analyzed.v1}. Consumes {@code callvault.recording-deleted.v1} to delete the
 * derivatives of deleted recordings (see {@code docs/architecture.md}, "media-worker").
 */
@SpringBootApplication
@EnableObjectStorage
@ConfigurationPropertiesScan
public class MediaWorkerApplication {

    /**
     * Starts the worker.
     *
     * @param args Spring Boot command-line arguments ({@code --property=value})
     */
    public static void main(String[] args) {
        SpringApplication.run(MediaWorkerApplication.class, args);
    }

    /** @return the UTC clock that stamps {@code occurredAt}; a bean so that tests can fix it */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
