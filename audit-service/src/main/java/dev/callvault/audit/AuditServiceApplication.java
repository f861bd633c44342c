package dev.callvault.audit;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * audit-service: the append-only audit log of CallVault (port 8085).
 *
 * <p>Consumes {@code callvault.recording-accessed.v1} into {@code audit.audit_event} and the lifecycle topics
 * ({@code call-ended}, {@code recording-stored}, {@code recording-fetch-failed}, {@code recording-deleted}) into
 * {@code audit.custody_event}, and serves both, tenant-scoped, under {@code /v1/audit-events} and
 * {@code /v1/recordings/{recordingId}/custody} (see {@code docs/architecture.md}, "audit-service").
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuditServiceApplication {

    /**
     * Starts the service.
     *
     * @param args Spring Boot command-line arguments ({@code --property=value})
     */
    public static void main(String[] args) {
        SpringApplication.run(AuditServiceApplication.class, args);
    }

    /** @return the UTC clock that stamps {@code recorded_at}; a bean so that it is replaceable in one place */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
