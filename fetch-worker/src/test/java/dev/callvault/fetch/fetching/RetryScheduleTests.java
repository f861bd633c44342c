package dev.callvault.fetch.fetching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.callvault.fetch.FetchProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry topics' delays: exponential, capped, and just enough of them to cover the retry window. */
class RetryScheduleTests {

    @Test
    void shouldCoverDefaultTwoHourWindowWithDoublingDelaysCappedAtThirtyMinutes() {
        // when
        List<Duration> delays = RetrySchedule.delays(Duration.ofHours(2),
                new FetchProperties.RetryTopics(Duration.ofMinutes(1), 2.0, Duration.ofMinutes(30)));

        // then: 1 + 2 + 4 + 8 + 16 + 30 + 30 + 30 = 121 minutes >= 120
        assertThat(delays).extracting(Duration::toMinutes).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void shouldRefuseWindowNeedingMoreThanHundredRetryTopics() {
        // when / then
        assertThatIllegalArgumentException().isThrownBy(() -> RetrySchedule.delays(Duration.ofDays(1),
                new FetchProperties.RetryTopics(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1))));
    }
}
