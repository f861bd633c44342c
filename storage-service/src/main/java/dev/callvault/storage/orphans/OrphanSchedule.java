package dev.callvault.storage.orphans;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * {@link OrphanScan#run()} every {@code callvault.storage.orphans.interval} (counted from the end of the previous
 * scan; the first after one interval), unless {@code callvault.storage.orphans.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "callvault.storage.orphans.enabled", matchIfMissing = true)
class OrphanSchedule implements SchedulingConfigurer {

    private final OrphanScan scan;
    private final OrphanProperties properties;

    OrphanSchedule(OrphanScan scan, OrphanProperties properties) {
        this.scan = scan;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(scan::run, properties.interval(), properties.interval()));
    }
}
