package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.HttpDates;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.playback.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9110 range and conditional semantics of {@code GET|HEAD /v1/streams/{id}}, every body compared with the fixture
 * at the same offset.
 */
class StreamRangeTests extends IntegrationTestSupport {

    private StoredRecording recording;
    private byte[] audio;
    private int length;
    private String path;
    private String etag;

    @BeforeEach
    void givenAnAvailableRecordingAndItsUrl() {
        String tenant = uniqueTenant();
        recording = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        audio = recording.bytes();
        length = audio.length;
        path = mintedPath(recording.id(), token(tenant, "recordings:read"), null);
        etag = "\"" + recording.sha256() + "\"";
    }

    private HttpResponse<byte[]> fetch(String... headers) {
        return request("GET", path, headers);
    }

    private void assertPartial(HttpResponse<byte[]> response, int first, int last) {
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes " + first + "-" + last + "/"
                + length);
        assertThat(response.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(last - first + 1);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(audio, first, last + 1));
        assertThat(response.headers().firstValue("ETag")).contains(etag);
    }

    private void assertFull(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Range")).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(length);
        assertThat(AudioFixtures.sha256Hex(response.body())).isEqualTo(recording.sha256());
    }

    private void assertUnsatisfiable(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes */" + length);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(body(response.body()).get("status").asInt()).isEqualTo(416);
    }

    @Test
    void shouldServeWholeRecordingWithValidatorsAndCacheBoundToUrl() {
        // when
        HttpResponse<byte[]> response = fetch();

        // then
        assertFull(response);
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(response.headers().firstValue("ETag")).contains(etag);
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/mpeg");
        assertThat(recording.storedAt()).isEqualTo(STORED_AT);
        assertThat(response.headers().firstValue("Last-Modified")).contains("Mon, 02 Mar 2026 10:15:09 GMT");
        String cacheControl = response.headers().firstValue("Cache-Control").orElseThrow();
        assertThat(cacheControl).startsWith("private, max-age=");
        assertThat(Long.parseLong(cacheControl.substring("private, max-age=".length()))).isBetween(3590L, 3600L);
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void shouldServeSingleRanges() {
        assertPartial(fetch("Range", "bytes=0-0"), 0, 0);
        assertPartial(fetch("Range", "bytes=100-1099"), 100, 1099);
        assertPartial(fetch("Range", "bytes=-1"), length - 1, length - 1);
        assertPartial(fetch("Range", "bytes=-500"), length - 500, length - 1);
        assertPartial(fetch("Range", "bytes=" + (length - 10) + "-"), length - 10, length - 1);
        assertPartial(fetch("Range", "bytes=0-"), 0, length - 1);
    }

    @Test
    void shouldServeWholeRecordingForSuffixLongerThanIt() {
        assertPartial(fetch("Range", "bytes=-" + (length + 1000)), 0, length - 1);
    }

    @Test
    void shouldClampEndBeyondLength() {
        assertPartial(fetch("Range", "bytes=10-" + (length + 5000)), 10, length - 1);
    }

    @Test
    void shouldAnswerRangeNotSatisfiableForStartAtOrBeyondLength() {
        assertUnsatisfiable(fetch("Range", "bytes=" + length + "-"));
        assertUnsatisfiable(fetch("Range", "bytes=" + (length + 10) + "-" + (length + 20)));
        assertUnsatisfiable(fetch("Range", "bytes=-0"));
    }

    @Test
    void shouldIgnoreInvalidRangeSyntaxAndOtherUnits() {
        for (String range : new String[] {"bytes=abc", "bytes=5-2", "bytes=", "bytes=+1-2", "items=0-10", "0-10",
                "bytes=1-2-3"}) {
            HttpResponse<byte[]> response = fetch("Range", range);
            assertFull(response);
        }
    }

    @Test
    void shouldAnswerMultipleOrOverlappingRangesWithWholeRecording() {
        assertFull(fetch("Range", "bytes=0-10,20-30"));
        assertFull(fetch("Range", "bytes=0-100,50-150"));
        assertFull(fetch("Range", "bytes=0-0,-1"));
    }

    @Test
    void shouldApplyRangeOnlyWhenIfRangeHoldsTheCurrentStrongValidator() {
        // given the Last-Modified of a recording stored on the 2nd, as a client echoes it, and in the obsolete forms
        String lastModified = "Mon, 02 Mar 2026 10:15:09 GMT";
        String otherDate = HttpDates.format(Instant.parse("2020-01-01T00:00:00Z"));

        assertPartial(fetch("Range", "bytes=0-99", "If-Range", etag), 0, 99);
        assertFull(fetch("Range", "bytes=0-99", "If-Range", "\"" + "0".repeat(64) + "\""));
        assertFull(fetch("Range", "bytes=0-99", "If-Range", "W/" + etag));
        assertPartial(fetch("Range", "bytes=0-99", "If-Range", lastModified), 0, 99);
        assertPartial(fetch("Range", "bytes=0-99", "If-Range", "Monday, 02-Mar-26 10:15:09 GMT"), 0, 99);
        assertPartial(fetch("Range", "bytes=0-99", "If-Range", "Mon Mar  2 10:15:09 2026"), 0, 99);
        assertFull(fetch("Range", "bytes=0-99", "If-Range", "Mon, 02 Mar 2026 10:15:10 GMT"));
        assertFull(fetch("Range", "bytes=0-99", "If-Range", otherDate));
        assertFull(fetch("Range", "bytes=0-99", "If-Range", "not a validator"));
    }

    @Test
    void shouldAnswerNotModifiedForMatchingIfNoneMatch() {
        // when
        HttpResponse<byte[]> strong = fetch("If-None-Match", etag);
        HttpResponse<byte[]> weak = fetch("If-None-Match", "\"x\", W/" + etag);
        HttpResponse<byte[]> other = fetch("If-None-Match", "\"" + "1".repeat(64) + "\"");

        // then
        assertThat(strong.statusCode()).isEqualTo(304);
        assertThat(strong.body()).isEmpty();
        assertThat(strong.headers().firstValue("ETag")).contains(etag);
        assertThat(weak.statusCode()).isEqualTo(304);
        assertFull(other);
    }

    @Test
    void shouldAnswerNotModifiedWhenNotModifiedSinceTheGivenHttpDate() {
        // when the client's date is the stored second (on the 2nd of the month), a second before, and not a date
        HttpResponse<byte[]> same = fetch("If-Modified-Since", "Mon, 02 Mar 2026 10:15:09 GMT");
        HttpResponse<byte[]> earlier = fetch("If-Modified-Since", "Mon, 02 Mar 2026 10:15:08 GMT");
        HttpResponse<byte[]> invalid = fetch("If-Modified-Since", "Mon, 2 Mar 2026 10:15:09 +0000 (not an HTTP-date)");

        // then
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.headers().firstValue("Last-Modified")).contains("Mon, 02 Mar 2026 10:15:09 GMT");
        assertFull(earlier);
        assertFull(invalid);
    }

    @Test
    void shouldDescribeFullRepresentationOnHeadWithAndWithoutRange() {
        // when
        HttpResponse<byte[]> plain = request("HEAD", path);
        HttpResponse<byte[]> ranged = request("HEAD", path, "Range", "bytes=0-99");

        // then both describe the full 200 (RFC 9110 14.2: Range is defined for GET only) without a body
        for (HttpResponse<byte[]> response : java.util.List.of(plain, ranged)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(length);
            assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
            assertThat(response.headers().firstValue("ETag")).contains(etag);
            assertThat(response.headers().firstValue("Content-Type")).contains("audio/mpeg");
            assertThat(response.headers().firstValue("Content-Range")).isEmpty();
        }
    }

    @Test
    void shouldOfferDownloadWithSafeFileName() {
        // given an attachment URL
        String download = mintedPath(recording.id(), token(recording.tenantId(), "recordings:read"),
                "{\"disposition\": \"attachment\"}");

        // when
        HttpResponse<byte[]> response = request("GET", download, "Range", "bytes=0-9");

        // then
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(audio, 0, 10));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"recording-" + recording.id() + ".mp3\"");
    }
}
