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
        UUID failed = RecordingIds.of(tenant, Provider.TWILIO, sid);
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
    void shouldCapOneTenantsStreamsWithoutTouchingAnotherTenants() throws Exception {
        // given one tenant holding its three streams (the tests' callvault.playback.events.max-subscribers-per-tenant)
        String greedy = uniqueTenant();
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(openStream(token(greedy, "recordings:read")));
        }

        // when it asks for a fourth, and another tenant for its first
        HttpResponse<InputStream> fourth = openStream(token(greedy, "recordings:read"));
        HttpResponse<InputStream> other = openStream(token(uniqueTenant(), "recordings:read"));

        // then the fourth is refused with 429 and Retry-After, and the other tenant is served
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(fourth.body().readAllBytes(), StandardCharsets.UTF_8)).contains("\"status\":429");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(held).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        other.body().close();
        for (HttpResponse<InputStream> response : held) {
            response.body().close();
        }
    }

    @Test
    void shouldEndAStreamWhenItsTokenExpires() throws Exception {
        // given a stream opened with a token that expires in three seconds (heartbeats every second keep it busy)
        String token = dev.callvault.local.testing.DevJwts.issue(dev.callvault.local.testing.DevJwts.LOCAL_SECRET,
                "user-short", uniqueTenant(), Duration.ofSeconds(3), "recordings:read");
        HttpResponse<InputStream> response = openStream(token);
        assertThat(response.statusCode()).isEqualTo(200);

        // when the token's time is up, then the server ends the stream (the body reaches its end)
        long started = System.nanoTime();
        try (InputStream body = response.body()) {
            java.util.concurrent.Future<byte[]> all = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                    .submit(body::readAllBytes);
            all.get(20, TimeUnit.SECONDS);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private HttpResponse<InputStream> openStream(String token) throws Exception {
        return send(HttpRequest.newBuilder(uri("/v1/recordings/events")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void shouldRequireReadScope() {
        assertThat(get("/v1/recordings/events", token(uniqueTenant(), "audit:read")).statusCode()).isEqualTo(403);
        assertThat(get("/v1/recordings/events", null).statusCode()).isEqualTo(401);
    }
}
