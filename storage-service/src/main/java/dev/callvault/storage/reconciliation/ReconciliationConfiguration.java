package dev.callvault.storage.reconciliation;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The HTTP client of the provider listings, and the schedule: {@link Reconciler#reconcile()} every
 * {@code callvault.reconciliation.interval} (counted from the end of the previous run; the first run after one
 * interval), unless {@code callvault.reconciliation.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    /**
     * @return the listings' client: virtual threads, a 10-second connect timeout, and no redirects (a redirect to
     *         another host would carry the provider credentials there)
     */
    @Bean
    HttpClient reconciliationHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The schedule, only when enabled: a fixed-delay task on Spring Boot's task scheduler. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnBooleanProperty(name = "callvault.reconciliation.enabled", matchIfMissing = true)
    static class ReconciliationSchedule implements SchedulingConfigurer {

        private final Reconciler reconciler;
        private final ReconciliationProperties properties;

        ReconciliationSchedule(Reconciler reconciler, ReconciliationProperties properties) {
            this.reconciler = reconciler;
            this.properties = properties;
        }

        @Override
        public void configureTasks(ScheduledTaskRegistrar registrar) {
            registrar.addFixedDelayTask(new FixedDelayTask(reconciler::reconcile, properties.interval(),
                    properties.interval()));
        }
    }
}
