package dev.callvault.fetch;

import dev.callvault.platform.storage.EnableObjectStorage;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The fetch worker: consumes {@code callvault.call-ended.v1} and {@code callvault.fetch-requested.v1}, streams each
 * recording from its provider into the {@code recordings} bucket and publishes {@code RecordingStored} or
 * {@code RecordingFetchFailed}. Serves only actuator endpoints (port 8082).
 */
@SpringBootApplication
@EnableObjectStorage
@ConfigurationPropertiesScan
public class FetchWorkerApplication {

    /**
     * Starts the worker.
     *
     * @param args Spring Boot command-line arguments ({@code --name=value} properties)
     */
    public static void main(String[] args) {
        SpringApplication.run(FetchWorkerApplication.class, args);
    }
}
