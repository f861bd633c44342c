package dev.callvault.storage.orphans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.FixedDelayTask;

/** The schedule the application registers, and the settings it refuses; a minimal context, no infrastructure. */
class OrphanScheduleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ScanAndProperties.class, OrphanSchedule.class);

    @Test
    void shouldScheduleOneFixedDelayScanFirstAfterOneInterval() {
        // given an operator who wants a scan every 90 seconds, when the context starts
        runner.withPropertyValues("callvault.storage.orphans.interval=90s").run(context -> {
            // then one fixed-delay task of that interval is scheduled, the first run after one interval
            assertThat(context.getBean(ScheduledAnnotationBeanPostProcessor.class).getScheduledTasks())
                    .singleElement().satisfies(scheduled -> assertThat(scheduled.getTask())
                            .isInstanceOfSatisfying(FixedDelayTask.class, task -> {
                                assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(90));
                                assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(90));
                            }));
        });
    }

    @Test
    void shouldNotScheduleWhenDisabled() {
        // when the scan is turned off, then there is no schedule
        runner.withPropertyValues("callvault.storage.orphans.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OrphanSchedule.class));
    }

    @Test
    void shouldRefuseAGracePeriodOrIntervalThatIsNotPositive() {
        // when a grace period of zero or a negative interval is configured, then the context does not start
        runner.withPropertyValues("callvault.storage.orphans.grace-period=0s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("callvault.storage.orphans"));
        runner.withPropertyValues("callvault.storage.orphans.interval=-1s")
                .run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OrphanProperties.class)
    static class ScanAndProperties {

        @Bean
        OrphanScan orphanScan(OrphanProperties properties) {
            return mock(OrphanScan.class);
        }
    }
}
