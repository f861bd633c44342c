package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.testing.AudioFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Memory does not grow with a recording's size: a 200 MB recording, generated at test time, passes through a
 * fetch-worker whose heap is limited to 128 MB ({@link SystemUnderTest#FETCH_WORKER_HEAP}; the JVM exits on
 * OutOfMemoryError) and is stored byte-identical.
 */
class LargeRecordingSystemTests {

    private static final long SIZE_BYTES = 200L * 1024 * 1024;

    private static SystemUnderTest system;
    private static Path file;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @AfterAll
    static void deleteFile() throws Exception {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldStoreA200MegabyteRecordingThroughAFetchWorkerWithA128MegabyteHeap() throws Exception {
        // given Twilio serves a 200 MB MP3
        String recordingSid = Providers.newRecordingSid();
        file = system.workDir.resolve("wiremock/__files/" + recordingSid + ".mp3");
        Files.createDirectories(file.getParent());
        String sha256 = AudioFixtures.writeLargeMp3(file, SIZE_BYTES);
        long size = Files.size(file);
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBodyFile(file.getFileName().toString())));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);

        // when
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);

        // then
        JsonNode entry = Catalog.awaitStatus(system, recordingId, "AVAILABLE", Duration.ofMinutes(4));
        assertThat(entry.path("sizeBytes").asLong()).isEqualTo(size).isGreaterThanOrEqualTo(SIZE_BYTES);
        assertThat(entry.path("sha256").asString()).isEqualTo(sha256);
        assertThat(system.bucket.sha256(entry.path("objectKey").asString())).isEqualTo(sha256);
        assertThat(system.fetchWorker.isAlive()).as("fetch-worker survived with a 128 MB heap").isTrue();
    }
}
