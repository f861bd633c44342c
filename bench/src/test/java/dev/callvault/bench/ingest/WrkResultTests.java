package dev.callvault.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkResultTests {

    @Test
    void shouldReadTheReportLineAmongWrksOwnOutput() {
        // given wrk's output with the line report.lua prints
        String output = """
                Running 10s test @ http://127.0.0.1:8081
                  2 threads and 32 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     8.01ms    2.10ms  40.00ms   80.00%
                  40000 requests in 10.00s, 6.10MB read
                Requests/sec:   4000.00
                WRK_RESULT requests=40000 duration_us=10000000 non2xx=3 connect_errors=1 read_errors=0 \
                write_errors=0 timeouts=2 p50_us=7800 p90_us=9900 p99_us=15500 max_us=40000
                """;

        // when it is parsed
        WrkResult result = WrkResult.parse(32, output);

        // then the figures are the report's, errors summed, and the rate is per second
        assertThat(result.connections()).isEqualTo(32);
        assertThat(result.requests()).isEqualTo(40_000);
        assertThat(result.errors()).isEqualTo(6);
        assertThat(result.p50Micros()).isEqualTo(7_800);
        assertThat(result.p90Micros()).isEqualTo(9_900);
        assertThat(result.p99Micros()).isEqualTo(15_500);
        assertThat(result.maxMicros()).isEqualTo(40_000);
        assertThat(result.requestsPerSecond()).isCloseTo(4_000.0, within(0.001));
    }

    @Test
    void shouldRejectOutputWithoutTheReportLine() {
        // given output of a wrk that failed before reporting
        String output = "unable to connect to 127.0.0.1:8081 Connection refused\n";

        // when parsed, then it says what is missing
        assertThatThrownBy(() -> WrkResult.parse(1, output)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WRK_RESULT");
    }

    @Test
    void shouldRejectAReportLineMissingAFigure() {
        // given a report line without percentiles
        String output = "WRK_RESULT requests=1 duration_us=1 non2xx=0 connect_errors=0 read_errors=0 write_errors=0"
                + " timeouts=0\n";

        // when parsed, then the missing figure is named
        assertThatThrownBy(() -> WrkResult.parse(1, output)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p50_us");
    }
}
