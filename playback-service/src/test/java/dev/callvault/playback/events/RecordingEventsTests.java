package dev.callvault.playback.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.playback.IntegrationTestSupport;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/recordings/events}: the tenant's own recordings becoming AVAILABLE or FAILED, with heartbeats. */
class RecordingEventsTests extends IntegrationTestSupport {

    @Test
    void shouldAnnounceOwnTenantsRecordingsOnlyWithHeartbeats() throws Exception {
        // given a dashboard of one tenant listening
        String tenant = uniqueTenant();
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri("/v1/recordings/events"))
                .header("Authorization", "Bearer " + token(tenant, "recordings:read"))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the stream ends when the test ends
            }
        });

        // when another tenant's recording becomes available, then one of its own fails, then one becomes available
        givenAvailableRecording(uniqueTenant(), AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = uniqueRecordingSid();
        UUID failed = RecordingIds.of(Provider.TWILIO, sid);
        publish(RecordingFetchFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(tenant)
                .setRecordingId(failed)
                .setProvider(Provider.TWILIO)
                .setReason("provider answered 404")
                .setErrorCode("NOT_FOUND")
                .setRetryable(false)
                .setAttempts(1)
                .build());
        awaitStatus(failed, "FAILED");
        StoredRecording available = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

        // then exactly its own two transitions arrive, in order, as "recording" events, and heartbeats flow
        List<String> data = new ArrayList<>();
        boolean heartbeat = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String previous = "";
        while ((data.size() < 2 || !heartbeat) && System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("data:")) {
                assertThat(previous).isEqualTo("event:recording");
                data.add(line.substring("data:".length()));
            }
            heartbeat |= line.equals(":heartbeat");
            previous = line;
        }
        assertThat(heartbeat).isTrue();
        assertThat(data).hasSize(2);
        assertThat(json.readTree(data.get(0)).get("recordingId").asString()).isEqualTo(failed.toString());
        assertThat(json.readTree(data.get(0)).get("status").asString()).isEqualTo("FAILED");
        assertThat(json.readTree(data.get(1)).get("recordingId").asString()).isEqualTo(available.id().toString());
        assertThat(json.readTree(data.get(1)).get("status").asString()).isEqualTo("AVAILABLE");
        response.body().close();
    }

    @Test
    void shouldRequireReadScope() {
        assertThat(get("/v1/recordings/events", token(uniqueTenant(), "audit:read")).statusCode()).isEqualTo(403);
        assertThat(get("/v1/recordings/events", null).statusCode()).isEqualTo(401);
    }
}
