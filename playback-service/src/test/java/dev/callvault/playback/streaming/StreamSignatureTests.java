package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.playback.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signature is the capability: every changed parameter, an expired URL or an unknown recording gets 403. */
class StreamSignatureTests extends IntegrationTestSupport {

    private StoredRecording recording;
    private String path;

    @BeforeEach
    void givenAValidUrl() {
        String tenant = uniqueTenant();
        recording = givenAvailableRecording(tenant, AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        path = mintedPath(recording.id(), token(tenant, "recordings:read"), "{\"ttlSeconds\": 600}");
    }

    private static String replaceParam(String path, String name, String value) {
        return path.replaceFirst("([?&])" + name + "=[^&]*", "$1" + name + "=" + value);
    }

    private void assertForbidden(String pathAndQuery) {
        HttpResponse<byte[]> response = request("GET", pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery.replaceAll("sig=[^&]*", "sig=...")).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(body(response.body()).get("title").asString()).isEqualTo("Invalid stream URL");
    }

    @Test
    void shouldStreamWithUntouchedUrl() {
        HttpResponse<byte[]> response = request("GET", path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(response.body())).isEqualTo(recording.sha256());
    }

    @Test
    void shouldRejectEachChangedParameter() {
        String exp = path.replaceAll(".*[?&]exp=([0-9]+).*", "$1");
        String sig = path.replaceAll(".*[?&]sig=([^&]+).*", "$1");
        String flipped = (sig.charAt(5) == 'A' ? "B" : "A");
        assertForbidden(path.replace(recording.id().toString(), givenAvailableRecording(recording.tenantId(),
                AudioFixtures.ELEVENLABS_CONVERSATION_MP3).id().toString()));
        assertForbidden(replaceParam(path, "exp", String.valueOf(Long.parseLong(exp) + 60)));
        assertForbidden(replaceParam(path, "sub", "someone-else"));
        assertForbidden(replaceParam(path, "kid", RETIRED_KID));
        assertForbidden(replaceParam(path, "kid", "unknown-kid"));
        assertForbidden(path + "&disposition=attachment");
        assertForbidden(replaceParam(path, "sig", sig.substring(0, 5) + flipped + sig.substring(6)));
        assertForbidden(path.replaceAll("&sig=[^&]*", ""));
    }

    @Test
    void shouldRejectExpiredSignature() throws InterruptedException {
        // given a URL valid for one second
        String shortLived = mintedPath(recording.id(), token(recording.tenantId(), "recordings:read"),
                "{\"ttlSeconds\": 1}");

        // when it is used after its expiry
        Thread.sleep(2100);

        // then
        assertForbidden(shortLived);
    }

    @Test
    void shouldAnswerForbiddenForUnknownRecording() {
        assertForbidden(path.replace(recording.id().toString(), UUID.randomUUID().toString()));
    }

    @Test
    void shouldAnswerNotFoundOnceTheRecordingIsDeleted() {
        // given the recording is deleted after the URL was minted
        publish(dev.callvault.events.RecordingDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .setTenantId(recording.tenantId())
                .setRecordingId(recording.id())
                .setReason(dev.callvault.events.DeletionReason.USER_REQUEST)
                .build());
        awaitStatus(recording.id(), "DELETED");

        // when
        HttpResponse<byte[]> response = request("GET", path);

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response.body()).get("status").asString()).isEqualTo("DELETED");
    }
}
