package dev.callvault.storage.uploads;

import java.io.IOException;
import me.desair.tus.server.TusFileUploadService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sweeps expired resumable uploads ({@code Upload-Expires} passed without a change) every
 * {@code callvault.storage.uploads.cleanup-interval}: their temporary objects and rows are deleted, so an abandoned
 * upload leaves nothing. Off with {@code callvault.storage.uploads.cleanup-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "callvault.storage.uploads.cleanup-enabled", matchIfMissing = true)
class UploadSweep {

    private static final Logger log = LoggerFactory.getLogger(UploadSweep.class);

    private final TusFileUploadService tus;

    UploadSweep(TusFileUploadService tus) {
        this.tus = tus;
    }

    @Scheduled(initialDelayString = "${callvault.storage.uploads.cleanup-interval:PT1H}",
            fixedDelayString = "${callvault.storage.uploads.cleanup-interval:PT1H}")
    void sweep() {
        try {
            tus.cleanup();
        } catch (IOException | RuntimeException e) {
            log.warn("the sweep of expired uploads failed; next try in one interval: {}", e.toString());
        }
    }
}
