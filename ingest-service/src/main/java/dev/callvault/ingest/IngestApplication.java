package dev.callvault.ingest;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The ingest service: receives provider webhooks, checks their signatures against the tenant's credentials and
 * publishes {@code CallEnded} events to {@code callvault.call-ended.v1} (see {@code docs/architecture.md}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    /**
     * Starts the service.
     *
     * @param args command-line arguments, passed to Spring Boot
     */
    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }

    /** @return the UTC system clock that stamps events and checks webhook timestamps */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
