package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.playback.IntegrationTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Stream requests skip Spring's request observation but still feed {@code http_server_requests_seconds_*} with the
 * tags the autoscaling rule, the alert and the dashboards select on; other paths keep the observation.
 */
class StreamRequestMetricsTests extends IntegrationTestSupport {

    private static final String SERIES = "http_server_requests_seconds_count{application=\"playback-service\","
            + "error=\"none\",exception=\"none\",method=\"%s\",outcome=\"%s\",status=\"%d\","
            + "uri=\"/v1/streams/{recordingId}\"}";

    @Test
    void shouldCountStreamRequestsByMethodAndStatusUnderTheRoutesUri() {
        // given an available recording, its signed URL, and the counts so far
        StoredRecording recording = givenAvailableRecording(uniqueTenant(), AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String path = mintedPath(recording.id(), token(recording.tenantId(), "recordings:read"),
                "{\"ttlSeconds\": 600}");
        String before = scrape();

        // when a range is streamed twice, the headers are asked once, and a forged URL is refused
        HttpResponse<byte[]> partial = request("GET", path, "Range", "bytes=0-1023");
        request("GET", path, "Range", "bytes=1024-2047");
        HttpResponse<byte[]> head = request("HEAD", path);
        HttpResponse<byte[]> forged = request("GET", path.replaceAll("sig=[^&]*", "sig=AAAA"));

        // then each answer is counted once under its method and status, with the observation's tag set
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(403);
        String after = scrape();
        assertThat(count(after, "GET", "SUCCESS", 206) - count(before, "GET", "SUCCESS", 206)).isEqualTo(2);
        assertThat(count(after, "HEAD", "SUCCESS", 200) - count(before, "HEAD", "SUCCESS", 200)).isEqualTo(1);
        assertThat(count(after, "GET", "CLIENT_ERROR", 403) - count(before, "GET", "CLIENT_ERROR", 403))
                .isEqualTo(1);
        // and none is in progress any more, while other routes are still observed by Spring
        assertThat(after).contains("callvault_playback_streams_active{application=\"playback-service\"} 0.0");
        assertThat(after).contains("uri=\"/v1/recordings/{recordingId}/playback-url\"");
        assertThat(after.lines().filter(line -> line.startsWith("http_server_requests_active")
                && line.contains("uri=\"/v1/streams/{recordingId}\""))).isEmpty();
    }

    private String scrape() {
        HttpResponse<String> response = get("/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double count(String scrape, String method, String outcome, int status) {
        String series = SERIES.formatted(method, outcome, status);
        return scrape.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }
}
