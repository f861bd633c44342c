package dev.callvault.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTests {

    private static final String EXPOSITION = """
            # HELP callvault_fetch_outcomes_total Fetch outcomes
            # TYPE callvault_fetch_outcomes_total counter
            callvault_fetch_outcomes_total{application="fetch-worker",code="NONE",outcome="reemitted",provider="TWILIO"} 9998.0
            callvault_fetch_outcomes_total{application="fetch-worker",code="NONE",outcome="reemitted",provider="ELEVENLABS"} 2.0
            callvault_fetch_outcomes_total{application="fetch-worker",code="NONE",outcome="stored",provider="TWILIO"} 5.0
            callvault_fetch_outcomes_total{application="fetch-worker",code="NOT_FOUND",outcome="failed",provider="TWILIO"} 1.0
            callvault_fetch_outcomes_totalish{outcome="stored"} 100.0
            jvm_threads_live_threads{application="fetch-worker"} 42.0
            """;

    @Test
    void shouldSumTheSamplesWithTheGivenLabelsOverEveryOtherLabel() {
        // given fetch-worker's exposition with two providers and several outcomes
        // when the re-emitted and stored outcomes are summed
        double reemitted = PrometheusText.sum(EXPOSITION, "callvault_fetch_outcomes_total",
                Map.of("outcome", "reemitted"));
        double stored = PrometheusText.sum(EXPOSITION, "callvault_fetch_outcomes_total", Map.of("outcome", "stored"));

        // then each sums its samples over both providers, and a metric sharing the name's prefix is not counted
        assertThat(reemitted).isEqualTo(10_000.0);
        assertThat(stored).isEqualTo(5.0);
    }

    @Test
    void shouldAnswerZeroWhenNoSampleMatches() {
        // given an exposition without skipped outcomes (counters appear only once incremented)
        // when they are summed, then the sum is 0
        assertThat(PrometheusText.sum(EXPOSITION, "callvault_fetch_outcomes_total", Map.of("outcome", "skipped")))
                .isZero();
    }

    @Test
    void shouldMatchALabelWhereverItStandsAndOnlyWholeValues() {
        // given samples whose label is first, in the middle or last
        String exposition = """
                m{outcome="stored",a="1"} 1
                m{a="1",outcome="stored",b="2"} 2
                m{a="1",outcome="stored"} 4
                m{a="1",outcome="stored-later"} 8
                m 16
                """;

        // when summed by that label, then the three whole matches count, not the longer value nor the unlabelled one
        assertThat(PrometheusText.sum(exposition, "m", Map.of("outcome", "stored"))).isEqualTo(7.0);
        assertThat(PrometheusText.sum(exposition, "m", Map.of())).isEqualTo(31.0);
    }
}
