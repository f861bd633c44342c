package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.testing.AudioFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Playback as deployed: a recording that came in through a signed webhook is played back by byte range through a
 * signed URL, every access shows up in the audit API, and 200 concurrent range streams of a 100 MB recording pass
 * through a playback-service with a 256 MB heap ({@link SystemUnderTest#PLAYBACK_HEAP}; the JVM exits on
 * OutOfMemoryError).
 */
class PlaybackSystemTests {

    private static SystemUnderTest system;
    private static Path largeFile;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @AfterAll
    static void deleteFile() throws IOException {
        if (largeFile != null) {
            Files.deleteIfExists(largeFile);
        }
    }

    @Test
    void shouldPlayARangeOfTheProvidersBytesAndAuditTheUrlAndEveryStream() throws Exception {
        // given a Twilio recording that went through the pipeline
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(Providers.mp3(audio)));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);
        Playback.awaitAvailable(system, recordingId, Duration.ofSeconds(60));

        // when agent ada mints a URL and plays bytes 1000-4999 three times
        URI url = Playback.mint(system, recordingId, "agent-ada");
        int plays = 3;
        for (int i = 0; i < plays; i++) {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                    .header("Range", "bytes=1000-4999").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

            // then each answer is exactly the provider's bytes at that offset
            assertThat(response.statusCode()).isEqualTo(206);
            assertThat(response.headers().firstValue("Content-Range")).contains("bytes 1000-4999/" + audio.length);
            assertThat(response.body()).isEqualTo(Arrays.copyOfRange(audio, 1000, 5000));
        }

        // and the audit log holds one row for the URL and one per stream request, by ada, with the range
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = Playback.auditEvents(system, recordingId).path("items");
            List<String> actions = new ArrayList<>();
            items.forEach(item -> actions.add(item.path("action").asString()));
            assertThat(actions).containsExactlyInAnyOrder("URL_ISSUED", "STREAM", "STREAM", "STREAM");
            items.forEach(item -> {
                assertThat(item.path("subject").asString()).isEqualTo("agent-ada");
                if ("STREAM".equals(item.path("action").asString())) {
                    assertThat(item.path("requestedRange").asString()).isEqualTo("bytes=1000-4999");
                    assertThat(item.path("httpStatus").asInt()).isEqualTo(206);
                }
            });
        });
    }

    @Test
    void shouldServe200ConcurrentRangeStreamsOfA100MegabyteRecordingByteCorrect() throws Exception {
        // given a 100 MB recording in the bucket
        String recordingSid = Providers.newRecordingSid();
        largeFile = system.workDir.resolve("wiremock/__files/" + recordingSid + ".mp3");
        Files.createDirectories(largeFile.getParent());
        AudioFixtures.writeLargeMp3(largeFile, 100L * 1024 * 1024);
        long size = Files.size(largeFile);
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBodyFile(largeFile.getFileName().toString())));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);
        Playback.awaitAvailable(system, recordingId, Duration.ofMinutes(3));
        URI url = Playback.mint(system, recordingId, "load-test");

        // when 200 clients each stream a different 8 MiB range at once
        int clients = 200;
        long rangeLength = 8L * 1024 * 1024;
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                long first = (i * (size - rangeLength)) / clients;
                long last = first + rangeLength - 1;
                ranges.add(new long[] {first, last});
                answers.add(executor.submit(() -> {
                    start.await();
                    // a player retries a 503 (audit or store briefly unavailable under this burst) after its
                    // Retry-After, as a browser's media element does; any other status, or a fourth 503, fails
                    for (int attempt = 1; ; attempt++) {
                        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url)
                                .header("Range", "bytes=" + first + "-" + last).timeout(Duration.ofMinutes(5))
                                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                        if (response.statusCode() == 206) {
                            return sha256(response.body());
                        }
                        response.body().close();
                        if (response.statusCode() != 503 || attempt == 4) {
                            return "status " + response.statusCode();
                        }
                        Thread.sleep(Duration.ofSeconds(Long.parseLong(
                                response.headers().firstValue("Retry-After").orElse("1"))));
                    }
                }));
            }
            start.countDown();

            // then every stream is byte-correct and the service survived with its 256 MB heap
            for (int i = 0; i < clients; i++) {
                long[] range = ranges.get(i);
                assertThat(answers.get(i).get()).as("range %d-%d", range[0], range[1])
                        .isEqualTo(sha256Of(largeFile, range[0], range[1]));
            }
        }
        assertThat(system.playback.isAlive()).as("playback-service survived with a 256 MB heap").isTrue();
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256Of(Path file, long first, long last) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(first);
            byte[] buffer = new byte[64 * 1024];
            long remaining = last - first + 1;
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                digest.update(buffer, 0, read);
                remaining -= read;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
