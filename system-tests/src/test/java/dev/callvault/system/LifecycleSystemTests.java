package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.local.testing.AudioFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The recording lifecycle as deployed: a data-subject deletion through storage-service reaches playback (a URL minted
 * before it stops working at once) and the custody timeline of audit-service; a recording on legal hold cannot be
 * deleted.
 */
class LifecycleSystemTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void shouldStopPlaybackAndCompleteTheCustodyTimelineWhenARecordingIsDeleted() throws Exception {
        // given a recording that went through the pipeline and was played once through a signed URL
        UUID recordingId = storedRecording();
        URI url = Playback.mint(system, recordingId, "agent-ada");
        HttpResponse<byte[]> played = sendBytes(HttpRequest.newBuilder(url)
                .header("Range", "bytes=0-99").GET().build());
        assertThat(played.statusCode()).isEqualTo(206);

        // when an admin erases it
        HttpResponse<String> deleted = Webhooks.send(HttpRequest.newBuilder(recordingUri(recordingId))
                .header("Authorization", "Bearer " + Playback.token("dpo", "recordings:admin")).DELETE().build());

        // then 204, the object is gone, and the URL minted before answers 403 or 404 as soon as playback saw it
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(system.bucket.keys(SystemUnderTest.TENANT + "/")).noneMatch(key -> key.contains(
                recordingId.toString()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(sendBytes(HttpRequest.newBuilder(url).GET().build()).statusCode())
                        .isIn(403, 404));

        // and the custody timeline lists call ended, stored (with its SHA-256), the URL and the stream, the deletion,
        // in order; only the refused attempts with the old URL may follow
        String sha256 = AudioFixtures.sha256Hex(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode items = custody(recordingId).path("items");
            List<String> kinds = new ArrayList<>();
            items.forEach(item -> kinds.add(item.path("kind").asString()));
            assertThat(kinds).hasSizeGreaterThanOrEqualTo(5);
            assertThat(kinds.subList(0, 5)).containsExactly("CALL_ENDED", "RECORDING_STORED", "RECORDING_ACCESSED",
                    "RECORDING_ACCESSED", "RECORDING_DELETED");
            assertThat(items.get(1).path("details").path("sha256").asString()).isEqualTo(sha256);
            assertThat(items.get(2).path("details").path("action").asString()).isEqualTo("URL_ISSUED");
            assertThat(items.get(3).path("details").path("httpStatus").asInt()).isEqualTo(206);
            JsonNode deletion = items.get(4).path("details");
            assertThat(deletion.path("reason").asString()).isEqualTo("USER_REQUEST");
            assertThat(deletion.path("deletedBy").asString()).isEqualTo("dpo");
            for (int i = 5; i < items.size(); i++) {
                assertThat(items.get(i).path("kind").asString()).isEqualTo("RECORDING_ACCESSED");
                assertThat(items.get(i).path("details").path("httpStatus").asInt()).isIn(403, 404);
            }
        });
    }

    @Test
    void shouldRefuseToDeleteARecordingOnLegalHold() throws Exception {
        // given a stored recording on legal hold
        UUID recordingId = storedRecording();
        String admin = "Bearer " + Playback.token("legal", "recordings:admin");
        HttpResponse<String> hold = Webhooks.send(HttpRequest.newBuilder(URI.create(recordingUri(recordingId)
                        + "/legal-hold")).header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"case 2026-17\"}")).build());
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(200);

        // when an admin tries to delete it
        HttpResponse<String> deleted = Webhooks.send(HttpRequest.newBuilder(recordingUri(recordingId))
                .header("Authorization", admin).DELETE().build());

        // then 409 problem detail, and it is still playable
        assertThat(deleted.statusCode()).isEqualTo(409);
        assertThat(deleted.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<byte[]> played = sendBytes(HttpRequest.newBuilder(
                Playback.mint(system, recordingId, "agent-bob")).header("Range", "bytes=0-99").GET().build());
        assertThat(played.statusCode()).isEqualTo(206);
    }

    private static UUID storedRecording() {
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(Providers.mp3(audio)));
        UUID recordingId = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        assertThat(Webhooks.postTwilio(system, SystemUnderTest.TENANT, Webhooks.twilioCompleted(system, recordingSid))
                .statusCode()).isEqualTo(202);
        Playback.awaitAvailable(system, recordingId, Duration.ofSeconds(60));
        return recordingId;
    }

    private static HttpResponse<byte[]> sendBytes(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI recordingUri(UUID recordingId) {
        return URI.create(system.storage.baseUrl() + "/v1/recordings/" + recordingId);
    }

    private static JsonNode custody(UUID recordingId) {
        HttpResponse<String> response = Webhooks.send(HttpRequest.newBuilder(URI.create(system.audit.baseUrl()
                        + "/v1/recordings/" + recordingId + "/custody"))
                .header("Authorization", "Bearer " + Playback.token("auditor", "audit:read")).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Catalog.json(response.body());
    }
}
