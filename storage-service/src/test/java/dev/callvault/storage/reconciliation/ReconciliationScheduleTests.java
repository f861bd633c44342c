package dev.callvault.storage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.platform.tenants.TenantCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The schedule the application registers, and the settings it refuses. Plain JUnit, no application context. */
class ReconciliationScheduleTests {

    @Test
    void shouldScheduleOneFixedDelayRunFirstAfterOneInterval() {
        // given the settings of an operator who wants a run every 90 seconds
        ReconciliationProperties properties = new ReconciliationProperties(true, Duration.ofSeconds(90),
                Duration.ofHours(6));
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        // when the schedule registers its task
        Reconciler reconciler = new Reconciler(TenantCredentials.fromProperties(Map.of()), List.of(), null, null, properties,
                Clock.systemUTC(), new SimpleMeterRegistry());
        new ReconciliationConfiguration.ReconciliationSchedule(reconciler, properties).configureTasks(registrar);

        // then it is one fixed-delay task of that interval, the first run after one interval
        assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies(task -> {
            assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(90));
            assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(90));
        });
        assertThat(registrar.getFixedRateTaskList()).isEmpty();
    }

    @Test
    void shouldRefuseAnIntervalOrWindowThatIsNotPositive() {
        // when an interval of zero or a negative window is configured, then binding fails with the property's name
        assertThatThrownBy(() -> new ReconciliationProperties(true, Duration.ZERO, Duration.ofHours(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callvault.reconciliation.interval");
        assertThatThrownBy(() -> new ReconciliationProperties(true, Duration.ofMinutes(5), Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callvault.reconciliation.window");
    }
}
