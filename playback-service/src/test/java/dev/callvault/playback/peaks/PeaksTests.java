package dev.callvault.playback.peaks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.AccessAction;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import dev.callvault.playback.IntegrationTestSupport;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/recordings/{id}/peaks}: media-worker's audiowaveform JSON next to the recording's object, served to
 * the recording's tenant only while it was derived from the current object, and audited as {@code PEAKS} before the
 * first byte.
 */
class PeaksTests extends IntegrationTestSupport {

    private static final String PEAKS_JSON = "{\"version\":2,\"channels\":2,\"sample_rate\":8000,"
            + "\"samples_per_pixel\":256,\"bits\":8,\"length\":2,\"data\":[-12,11,0,0,-64,63,-3,4]}";

    private final TopicReader reader = new TopicReader(SharedInfrastructure.kafka().bootstrapServers());
    private String tenant;
    private StoredRecording recording;

    @BeforeEach
    void givenAnAvailableRecording() {
        tenant = uniqueTenant();
        recording = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
    }

    @Test
    void shouldServeThePeaksOfTheCurrentObjectAndAuditTheRead() {
        // given the peaks media-worker wrote from this object
        putPeaks(recording.sha256());

        // when the tenant's dashboard asks for them
        HttpResponse<String> response = get("/v1/recordings/" + recording.id() + "/peaks",
                token(tenant, "recordings:read"));

        // then they are served as they are, never cached, and the read is in the audit feed
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(PEAKS_JSON);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        List<RecordingAccessed> accesses = peaksAccesses(1);
        assertThat(accesses).hasSize(1);
        assertThat(accesses.getFirst().getSubject()).isEqualTo("user-" + tenant);
        assertThat(accesses.getFirst().getHttpStatus()).isEqualTo(200);
        assertThat(accesses.getFirst().getTenantId()).isEqualTo(tenant);
    }

    @Test
    void shouldAnswer404UntilTheRecordingIsAnalysed() {
        // given a recording without peaks
        // when they are asked for
        HttpResponse<String> response = get("/v1/recordings/" + recording.id() + "/peaks",
                token(tenant, "recordings:read"));

        // then 404 as a problem detail, and nothing is audited as read
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(response).get("title").asString()).isEqualTo("Peaks not found");
        assertThat(peaksAccesses(1)).isEmpty();
    }

    @Test
    void shouldNotServePeaksDerivedFromOtherBytes() {
        // given peaks whose source checksum is not the recording's object's (a replaced object)
        putPeaks("f".repeat(64));

        // when they are asked for
        HttpResponse<String> response = get("/v1/recordings/" + recording.id() + "/peaks",
                token(tenant, "recordings:read"));

        // then they are not served
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(peaksAccesses(1)).isEmpty();
    }

    @Test
    void shouldHideThePeaksFromOtherTenantsAndTokensWithoutTheScope() {
        // given analysed peaks
        putPeaks(recording.sha256());
        String path = "/v1/recordings/" + recording.id() + "/peaks";

        // when another tenant, a token without recordings:read and no token ask for them
        HttpResponse<String> otherTenant = get(path, token(uniqueTenant(), "recordings:read"));
        HttpResponse<String> wrongScope = get(path, token(tenant, "audit:read"));
        HttpResponse<String> anonymous = get(path, null);

        // then 404 (never told apart from a missing recording), 403 and 401, and nothing was read
        assertThat(otherTenant.statusCode()).isEqualTo(404);
        assertThat(wrongScope.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(peaksAccesses(1)).isEmpty();
    }

    private List<RecordingAccessed> peaksAccesses(int expected) {
        return reader.read(Topics.RECORDING_ACCESSED, recording.id(), expected + 1, Duration.ofSeconds(3)).stream()
                .map(RecordingAccessed.class::cast)
                .filter(access -> access.getAction() == AccessAction.PEAKS)
                .toList();
    }

    private void putPeaks(String sourceSha256) {
        byte[] json = PEAKS_JSON.getBytes(StandardCharsets.UTF_8);
        try {
            SharedInfrastructure.s3().client().putObject(PutObjectArgs.builder().bucket(BUCKET)
                    .object(ObjectKeys.derivativeOf(recording.objectKey(), "peaks.json"))
                    .stream(new ByteArrayInputStream(json), (long) json.length, null)
                    .contentType("application/json")
                    .userMetadata(Map.of("source-sha256", sourceSha256))
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot put the peaks", e);
        }
    }
}
