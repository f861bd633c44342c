package dev.callvault.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class WrkTests {

    @Test
    void shouldPutTheSignedPathAndQueryInTheScriptAndDrawRangesInsideTheFile() {
        // given a signed URL and 64 KiB ranges of a 1 MB file
        URI url = URI.create("http://127.0.0.1:8084/v1/streams/abc?exp=1&kid=local&sub=a%40b&sig=xyz");
        Wrk.Settings settings = new Wrk.Settings("range", 16, 1_000_000, 4, 65536);

        // when
        String script = Wrk.script(url, settings);

        // then the credential is in the script (never on wrk's command line) and the last range ends at the last byte
        assertThat(script).contains("local path = \"/v1/streams/abc?exp=1&kid=local&sub=a%40b&sig=xyz\"",
                "local ranges = true", "local size = 1000000", "local length = 65536",
                "math.random(0, size - length)", "\"bytes=\" .. first .. \"-\" .. (first + length - 1)");
    }

    @Test
    void shouldRequestWholeFilesInFullMode() {
        // when
        String script = Wrk.script(URI.create("http://127.0.0.1:1/recording-1MB.mp3"),
                new Wrk.Settings("full", 1, 1_000_000, 1, 65536));

        // then
        assertThat(script).contains("local path = \"/recording-1MB.mp3\"", "local ranges = false");
    }

    @Test
    void shouldReadTheResultLineAsRatesPerSecondAndLatenciesInMilliseconds() throws IOException {
        // given wrk's output around the line the script's done() printed (latencies in microseconds)
        String output = """
                Running 4s test @ http://127.0.0.1:40000/
                  2 threads and 16 connections
                WRK-RESULT {"requests":8000,"bytes":524288000,"durationMicros":4000000,"errors":3,"timeouts":1,\
                "latencyP50Micros":1500,"latencyP99Micros":12250}
                """;

        // when
        LoadResult result = Wrk.parse(new Wrk.Settings("range", 16, 1_000_000, 4, 65536), output);

        // then
        assertThat(result.requests()).isEqualTo(8000);
        assertThat(result.requestsPerSecond()).isEqualTo(2000.0);
        assertThat(result.megabytesPerSecond()).isEqualTo(131.072);
        assertThat(result.latencyP50Ms()).isEqualTo(1.5);
        assertThat(result.latencyP99Ms()).isEqualTo(12.25);
        assertThat(result.errors()).isEqualTo(3);
        assertThat(result.timeouts()).isEqualTo(1);
    }

    @Test
    void shouldFailWithoutAResultLineAndRejectBadSettings() {
        // when / then
        assertThatThrownBy(() -> Wrk.parse(new Wrk.Settings("full", 1, 10, 1, 1), "unable to connect"))
                .isInstanceOf(IOException.class).hasMessageContaining("no result");
        assertThatThrownBy(() -> new Wrk.Settings("range", 1, 1000, 1, 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Wrk.Settings("post", 1, 1000, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
