package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.Rendition;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.playback.IntegrationTestSupport;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed URLs of a rendition ({@code "rendition": "opus"}): streamed with the original's range, validator and audit
 * behaviour from the rendition's own object, only while it was derived from the recording's current object, and the
 * rendition is part of the signature.
 */
class RenditionStreamTests extends IntegrationTestSupport {

    private static byte[] opus;

    private String tenant;
    private StoredRecording recording;

    @BeforeEach
    void givenAnAvailableRecording() throws Exception {
        if (opus == null) {
            opus = encodeOpus(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3));
        }
        tenant = uniqueTenant();
        recording = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
    }

    @Test
    void shouldStreamTheOpusRenditionByRangeWithItsOwnValidators() {
        // given media-worker derived an Opus rendition from the recording's object
        RecordingDerived derived = givenRendition(recording.sha256());

        // when a URL of the rendition is minted and a range of it is asked for
        String path = mintedPath(recording.id(), token(tenant, "recordings:read"), "{\"rendition\": \"opus\"}");
        HttpResponse<byte[]> response = request("GET", path, "Range", "bytes=100-1099");

        // then the URL names the rendition, and the range is the rendition's bytes, validated by its own checksum
        assertThat(path).contains("&rendition=opus");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(opus, 100, 1100));
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 100-1099/" + opus.length);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/ogg; codecs=opus");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + derived.getSha256() + "\"");
        // and the whole rendition is the rendition's bytes
        HttpResponse<byte[]> whole = request("GET", path);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(whole.body())).isEqualTo(derived.getSha256());
    }

    @Test
    void shouldListTheRenditionInTheAvailabilityOnceDerived() {
        // given a recording without rendition, then with one
        String token = token(tenant, "recordings:read");
        assertThat(body(get("/v1/recordings/" + recording.id() + "/availability", token)).get("renditions")
                .toString()).isEqualTo("[\"original\"]");
        givenRendition(recording.sha256());

        // then the availability lists it
        assertThat(body(get("/v1/recordings/" + recording.id() + "/availability", token)).get("renditions")
                .toString()).isEqualTo("[\"original\",\"opus\"]");
    }

    @Test
    void shouldRefuseToMintAUrlOfARenditionThatWasNotDerivedFromTheCurrentObject() {
        // given a rendition derived from other bytes (an object since replaced)
        givenRendition("e".repeat(64));

        // when a URL of it is asked for, then 409 as a problem detail
        HttpResponse<String> response = mint(recording.id(), token(tenant, "recordings:read"),
                "{\"rendition\": \"opus\"}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(body(response).get("title").asString()).isEqualTo("Rendition not available");
        // and an unknown rendition is a 400
        assertThat(mint(recording.id(), token(tenant, "recordings:read"), "{\"rendition\": \"flac\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldRefuseAUrlWhoseRenditionWasAddedOrRemovedAfterSigning() {
        // given a rendition, and a URL of the original and one of the rendition
        givenRendition(recording.sha256());
        String token = token(tenant, "recordings:read");
        String original = mintedPath(recording.id(), token, null);
        String rendition = mintedPath(recording.id(), token, "{\"rendition\": \"opus\"}");

        // when the original's URL is given the rendition, and the rendition's loses it
        HttpResponse<byte[]> widened = request("GET", original + "&rendition=opus");
        HttpResponse<byte[]> narrowed = request("GET", rendition.replace("&rendition=opus", ""));

        // then both are refused as forged
        assertThat(widened.statusCode()).isEqualTo(403);
        assertThat(narrowed.statusCode()).isEqualTo(403);
        // and the untouched URLs still play
        assertThat(request("GET", original, "Range", "bytes=0-9").statusCode()).isEqualTo(206);
        assertThat(request("GET", rendition, "Range", "bytes=0-9").statusCode()).isEqualTo(206);
    }

    private RecordingDerived givenRendition(String sourceSha256) {
        String key = ObjectKeys.derivativeOf(recording.objectKey(), "opus.ogg");
        try {
            SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                    .stream(new ByteArrayInputStream(opus), (long) opus.length, null)
                    .contentType("audio/ogg; codecs=opus").build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot put the rendition", e);
        }
        RecordingDerived derived = RecordingDerived.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.parse("2026-03-02T10:16:00Z"))
                .setTenantId(tenant)
                .setRecordingId(recording.id())
                .setRendition(Rendition.OPUS)
                .setSourceObjectKey(recording.objectKey())
                .setSourceSha256(sourceSha256)
                .setObjectKey(key)
                .setSha256(AudioFixtures.sha256Hex(opus))
                .setSizeBytes(opus.length)
                .setContentType("audio/ogg; codecs=opus")
                .setCodec("opus")
                .setBitrateBps(48_000)
                .setChannels(2)
                .setParameters("libopus b=48000 application=voip")
                .build();
        publish(derived);
        await().atMost(ASYNC_TIMEOUT).until(() -> processedCount(derived.getEventId()) == 1);
        return derived;
    }

    /** The fixture as Ogg Opus, made with Debian's ffmpeg at test time. */
    private static byte[] encodeOpus(byte[] mp3) throws Exception {
        Path in = Files.createTempFile("rendition-source", ".mp3");
        Path out = Files.createTempFile("rendition", ".ogg");
        try {
            Files.write(in, mp3);
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-i", in.toString(), "-c:a", "libopus",
                    "-b:a", "48k", "-f", "ogg", out.toString()).redirectErrorStream(true).start();
            ffmpeg.getInputStream().readAllBytes();
            if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg could not encode the fixture");
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
