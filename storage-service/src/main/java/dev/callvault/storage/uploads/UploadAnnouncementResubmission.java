package dev.callvault.storage.uploads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Resubmits the incomplete event publications (uploads whose {@code RecordingStored} the broker did not acknowledge)
 * every {@code callvault.storage.uploads.announce-retry-interval} (default 30 s), those older than
 * {@code callvault.storage.uploads.announce-retry-after} (default 60 s, longer than the publish timeout, so an
 * announcement still in progress is left alone): a broker outage delays an upload's announcement, it never loses it.
 * A restart resubmits at once ({@code spring.modulith.events.republish-outstanding-events-on-restart}). With several
 * instances each resubmits every instance's; the consumers drop the copies by event id.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class UploadAnnouncementResubmission {

    private static final Logger log = LoggerFactory.getLogger(UploadAnnouncementResubmission.class);

    private final IncompleteEventPublications incomplete;
    private final UploadProperties properties;

    UploadAnnouncementResubmission(IncompleteEventPublications incomplete, UploadProperties properties) {
        this.incomplete = incomplete;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${callvault.storage.uploads.announce-retry-interval:PT30S}",
            fixedDelayString = "${callvault.storage.uploads.announce-retry-interval:PT30S}")
    void resubmit() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(properties.announceRetryAfter());
        } catch (RuntimeException e) {
            log.warn("resubmitting unannounced uploads failed; next try in one interval: {}", e.toString());
        }
    }
}
