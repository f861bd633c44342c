package dev.callvault.media.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory does not grow with a recording's length: a 2-hour call (115 MB of 8 kHz stereo PCM, made while it streams)
 * is analysed in a JVM whose heap is capped at 128 MB.
 */
class LongRecordingTests {

    @Test
    void shouldAnalyseATwoHourRecordingUnderA128MbHeap() throws IOException, InterruptedException {
        // given a JVM with -Xmx128m and the test class path
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), LongRecordingAnalysis.class.getName(), "7200"))
                .redirectErrorStream(true).start();

        // when it analyses 7,200 s of audio
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);

        // then it finished without running out of memory, and measured the whole recording
        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("durationMs=7200000, peaks=225000,"); // 57,600,000 frames / 256
        assertThat(output).contains("maxHeapMiB=128");
    }
}
