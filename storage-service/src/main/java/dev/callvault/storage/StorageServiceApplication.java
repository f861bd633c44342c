package dev.callvault.storage;

import dev.callvault.platform.storage.EnableObjectStorage;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * storage-service: the recordings catalog of CallVault (port 8083).
 *
 * <p>Consumes {@code callvault.call-ended.v1}, {@code callvault.recording-stored.v1} and
 * {@code callvault.recording-fetch-failed.v1} into its own PostgreSQL schema and serves the catalog, tenant-scoped,
 * under {@code /v1/recordings} (see {@code docs/architecture.md}, "storage-service").
 */
@SpringBootApplication
@EnableObjectStorage
@ConfigurationPropertiesScan
public class StorageServiceApplication {

    /**
     * Starts the service.
     *
     * @param args Spring Boot command-line arguments ({@code --property=value})
     */
    public static void main(String[] args) {
        SpringApplication.run(StorageServiceApplication.class, args);
    }

    /** @return the UTC clock that stamps catalog rows; a bean so that it is replaceable in one place */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
