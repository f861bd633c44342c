package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A real browser plays a signed URL: headless Chromium (Debian's {@code chromium}, which CI installs through
 * {@code .ci/run}) plays a recording that went through the pipeline in an {@code <audio>} element and seeks to its
 * middle; playback-service must answer the seek's own {@code Range} request with 206.
 *
 * <p>The recording is {@value #SIZE_BYTES} bytes of 32 kbit/s speech, about three and a half hours: Chromium reads
 * ahead only some megabytes (then stops reading the first response), so the middle is never buffered when the page
 * seeks, and the seek needs a new request ({@code Range: bytes=<offset>-}, offset on a 32 KiB boundary).
 */
class BrowserPlaybackSystemTests {

    private static final long SIZE_BYTES = 48L * 1024 * 1024;
    private static final String SUBJECT = "agent-browser";

    private static SystemUnderTest system;
    private static Path file;

    @BeforeAll
    static void startSystem() {
        assertThat(HeadlessChromium.installed())
                .as("%s is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)",
                        HeadlessChromium.BINARY)
                .isTrue();
        system = SystemUnderTest.get();
    }

    @AfterAll
    static void deleteFile() throws Exception {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldPlayASignedUrlInHeadlessChromiumAndServeTheSeekToTheMiddleAsA206Range() throws Exception {
        // given a 3.5-hour Twilio recording that went through the pipeline, and a signed URL for it
        String recordingSid = Providers.newRecordingSid();
        file = system.workDir.resolve("wiremock/__files/" + recordingSid + ".mp3");
        Files.createDirectories(file.getParent());
        LongMp3.Written mp3 = LongMp3.write(file, SIZE_BYTES);
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBodyFile(file.getFileName().toString())));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);
        Playback.awaitAvailable(system, recordingId, Duration.ofMinutes(3));
        URI url = Playback.mint(system, recordingId, SUBJECT);

        // when headless Chromium plays it in an <audio> element and seeks to the middle
        Map<String, String> outcome;
        Path logDir = Path.of(System.getProperty("callvault.system.log-dir", "target/service-logs"));
        try (AudioSeekPage page = AudioSeekPage.serve(url);
                HeadlessChromium browser = HeadlessChromium.open(page.url(), system.workDir, logDir)) {
            try {
                outcome = page.awaitOutcome(Duration.ofSeconds(90));
            } catch (TimeoutException e) {
                throw new AssertionError("the page reported nothing within 90 s; see " + logDir.resolve("chromium.log")
                        + " and playback-service's log", e);
            }
        }

        // then the page played on from the middle
        assertThat(outcome).as("the page's report").containsEntry("outcome", "played");
        double duration = Double.parseDouble(outcome.get("duration"));
        double target = Double.parseDouble(outcome.get("target"));
        assertThat(duration).as("duration in seconds").isCloseTo(mp3.durationSeconds(), withinPercentage(2));
        assertThat(target).isCloseTo(duration / 2, within(1.0));
        assertThat(Double.parseDouble(outcome.get("seekedAt"))).isCloseTo(target, within(1.0));
        assertThat(Double.parseDouble(outcome.get("currentTime"))).isGreaterThan(target + 1);

        // and playback-service saw the browser's requests, the seek's among them, and answered each with 206
        long size = mp3.sizeBytes();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonNode> streams = new ArrayList<>();
            Playback.auditEvents(system, recordingId).path("items").forEach(item -> {
                if ("STREAM".equals(item.path("action").asString())) {
                    streams.add(item);
                }
            });
            assertThat(streams).as("STREAM events").isNotEmpty().allSatisfy(stream -> {
                assertThat(stream.path("subject").asString()).isEqualTo(SUBJECT);
                assertThat(stream.path("httpStatus").asInt()).as("status of %s", stream).isEqualTo(206);
                assertThat(stream.path("userAgent").asString()).contains("Chrome");
            });
            List<String> ranges = streams.stream().map(stream -> stream.path("requestedRange").asString()).toList();
            assertThat(ranges).as("Range headers").contains("bytes=0-").anySatisfy(range -> assertThat(
                    firstByte(range)).as("first byte of %s of %d", range, size)
                    .isBetween((long) (size * 0.4), (long) (size * 0.6)));
        });
    }

    /** The first byte of {@code bytes=<first>-[<last>]}, or -1 for any other form. */
    private static long firstByte(String range) {
        if (range == null || !range.matches("bytes=[0-9]{1,18}-[0-9]*")) {
            return -1;
        }
        return Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
    }
}
