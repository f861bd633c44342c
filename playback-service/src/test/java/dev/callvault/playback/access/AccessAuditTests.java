package dev.callvault.playback.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.AccessAction;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import dev.callvault.playback.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every stream request is on the audit topic: action, subject, range, status, client and URL expiry. */
class AccessAuditTests extends IntegrationTestSupport {

    private final TopicReader reader = new TopicReader(SharedInfrastructure.kafka().bootstrapServers());
    private String tenant;
    private StoredRecording recording;

    @BeforeEach
    void givenAnAvailableRecording() {
        tenant = uniqueTenant();
        recording = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
    }

    private List<RecordingAccessed> accesses(int expected) {
        return reader.read(Topics.RECORDING_ACCESSED, recording.id(), expected, Duration.ofSeconds(20)).stream()
                .map(RecordingAccessed.class::cast).toList();
    }

    @Test
    void shouldPublishOneStreamEventPerRequestWithSubjectAndRange() {
        // given a minted URL
        String path = mintedPath(recording.id(), token(tenant, "recordings:read"), null);

        // when it is requested three times with different ranges
        List<String> ranges = List.of("bytes=0-1023", "bytes=1024-", "bytes=-10");
        for (String range : ranges) {
            HttpResponse<byte[]> response = request("GET", path, "Range", range, "User-Agent", "audit-test/1.0");
            assertThat(response.statusCode()).isEqualTo(206);
        }

        // then URL_ISSUED plus exactly three STREAM events, each with the subject, range, 206 and the client
        List<RecordingAccessed> events = accesses(5);
        assertThat(events).hasSize(4);
        assertThat(events.getFirst().getAction()).isEqualTo(AccessAction.URL_ISSUED);
        List<RecordingAccessed> streams = events.subList(1, 4);
        assertThat(streams).extracting(RecordingAccessed::getAction).containsOnly(AccessAction.STREAM);
        assertThat(streams).extracting(RecordingAccessed::getRequestedRange).containsExactlyElementsOf(ranges);
        assertThat(streams).extracting(RecordingAccessed::getSubject).containsOnly("user-" + tenant);
        assertThat(streams).extracting(RecordingAccessed::getTenantId).containsOnly(tenant);
        assertThat(streams).extracting(RecordingAccessed::getHttpStatus).containsOnly(206);
        assertThat(streams).extracting(RecordingAccessed::getUserAgent).containsOnly("audit-test/1.0");
        assertThat(streams).extracting(RecordingAccessed::getClientAddress).containsOnly("127.0.0.1");
        assertThat(streams).extracting(RecordingAccessed::getUrlExpiresAt)
                .containsOnly(events.getFirst().getUrlExpiresAt());
    }

    @Test
    void shouldAuditDownloadAndRefusedSignature() {
        // given an attachment URL, and the same URL with a forged subject
        String download = mintedPath(recording.id(), token(tenant, "recordings:read"),
                "{\"disposition\": \"attachment\"}");
        String forged = download.replaceFirst("sub=[^&]*", "sub=intruder");

        // when
        HttpResponse<byte[]> ok = request("GET", download);
        HttpResponse<byte[]> refused = request("GET", forged);

        // then a DOWNLOAD 200 and a DOWNLOAD 403, audited under "unverified": the claimed subject was not verified
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(ok.body())).isEqualTo(recording.sha256());
        assertThat(refused.statusCode()).isEqualTo(403);
        List<RecordingAccessed> events = accesses(4);
        assertThat(events).hasSize(3);
        assertThat(events.get(1).getAction()).isEqualTo(AccessAction.DOWNLOAD);
        assertThat(events.get(1).getHttpStatus()).isEqualTo(200);
        assertThat(events.get(2).getAction()).isEqualTo(AccessAction.DOWNLOAD);
        assertThat(events.get(2).getHttpStatus()).isEqualTo(403);
        assertThat(events.get(2).getSubject()).isEqualTo("unverified");
    }

    @Test
    void shouldNeverAuditARefusedUrlUnderTheSubjectItClaimsAndStopAuditingAFloodOfThem() {
        // given a valid URL, and an outsider who rewrites its subject to a victim's name and replays it 30 times
        String url = mintedPath(recording.id(), token(tenant, "recordings:read"), null);
        String forged = url.replaceFirst("sub=[^&]*", "sub=ceo%40victim.example");
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(request("GET", forged).statusCode());
        }

        // then the first 20 (this suite's allowance per client and window) are 403, the rest 429 with Retry-After
        assertThat(statuses.subList(0, 20)).containsOnly(403);
        assertThat(statuses.subList(20, 30)).containsOnly(429);
        assertThat(request("GET", forged).headers().firstValue("Retry-After")).hasValue("2");

        // and the audit topic holds the URL's issue and 20 refusals, none under the claimed subject
        List<RecordingAccessed> events = reader.read(Topics.RECORDING_ACCESSED, recording.id(), 40,
                Duration.ofSeconds(10)).stream().map(RecordingAccessed.class::cast).toList();
        assertThat(events).hasSize(21);
        assertThat(events.subList(1, 21)).extracting(RecordingAccessed::getSubject).containsOnly("unverified");
        assertThat(events).extracting(RecordingAccessed::getSubject).doesNotContain("ceo@victim.example");

        // and once the window has passed, the client's refusals are audited again
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> request("GET", forged).statusCode() == 403);
    }
}
