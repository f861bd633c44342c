package dev.callvault.storage.lifecycle;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * {@link Retention#run()} every {@code callvault.storage.retention.interval} (counted from the end of the previous
 * run; the first run after one interval), unless {@code callvault.storage.retention.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "callvault.storage.retention.enabled", matchIfMissing = true)
class RetentionSchedule implements SchedulingConfigurer {

    private final Retention retention;
    private final RetentionProperties properties;

    RetentionSchedule(Retention retention, RetentionProperties properties) {
        this.retention = retention;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(retention::run, properties.interval(), properties.interval()));
    }
}
