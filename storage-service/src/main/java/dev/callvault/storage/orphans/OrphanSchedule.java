package dev.callvault.storage.orphans;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@link OrphanScan#run()} every {@code callvault.storage.orphans.interval} (counted from the end of the previous
 * scan; the first after one interval), unless {@code callvault.storage.orphans.enabled=false}. The interval is read
 * from the same key as {@link OrphanProperties#interval()}, which validates it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "callvault.storage.orphans.enabled", matchIfMissing = true)
class OrphanSchedule {

    private final OrphanScan scan;

    OrphanSchedule(OrphanScan scan) {
        this.scan = scan;
    }

    @Scheduled(fixedDelayString = "${callvault.storage.orphans.interval:PT1H}",
            initialDelayString = "${callvault.storage.orphans.interval:PT1H}")
    void scan() {
        scan.run();
    }
}
