package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.AccessAction;
import dev.callvault.events.HttpDates;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import dev.callvault.playback.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9110 range and conditional semantics of {@code GET|HEAD /v1/streams/{id}}, every body (or
 * {@code multipart/byteranges} part) compared with the fixture at the same offset.
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

    /** One part of a {@code multipart/byteranges} body: its header fields (names lowercased) and bytes. */
    private record Part(Map<String, String> headers, byte[] bytes) {
    }

    private static String boundary(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        return type.substring("multipart/byteranges; boundary=".length());
    }

    /**
     * Splits a {@code multipart/byteranges} body (RFC 9110 14.6, RFC 2046 5.1.1) at its delimiters, checking the CRLF
     * line endings, that nothing precedes the first delimiter and that the close delimiter ends the body.
     */
    private static List<Part> multipart(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        byte[] delimiter = ("\r\n--" + boundary(response)).getBytes(StandardCharsets.US_ASCII);
        byte[] blankLine = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOfRange(body, 0, delimiter.length - 2))
                .isEqualTo(Arrays.copyOfRange(delimiter, 2, delimiter.length));
        int position = delimiter.length - 2;
        List<Part> parts = new ArrayList<>();
        while (true) {
            String after = new String(body, position, 2, StandardCharsets.US_ASCII);
            if (after.equals("--")) {
                assertThat(new String(body, position, body.length - position, StandardCharsets.US_ASCII))
                        .isEqualTo("--\r\n");
                return parts;
            }
            assertThat(after).isEqualTo("\r\n");
            int headersEnd = indexOf(body, blankLine, position);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : new String(body, position + 2, headersEnd - position - 2, StandardCharsets.US_ASCII)
                    .split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            int start = headersEnd + blankLine.length;
            int end = indexOf(body, delimiter, start);
            parts.add(new Part(headers, Arrays.copyOfRange(body, start, end)));
            position = end + delimiter.length;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer: for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no " + new String(needle, StandardCharsets.US_ASCII).strip() + " after " + from);
    }

    private void assertPart(Part part, int first, int last) {
        assertThat(part.headers()).containsOnlyKeys("content-type", "content-range");
        assertThat(part.headers()).containsEntry("content-type", "audio/mpeg");
        assertThat(part.headers()).containsEntry("content-range", "bytes " + first + "-" + last + "/" + length);
        assertThat(part.bytes()).isEqualTo(Arrays.copyOfRange(audio, first, last + 1));
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
        // the headers Spring Security's chain adds elsewhere, which stream requests bypass
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Pragma")).isEmpty();
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
    void shouldAnswerDisjointRangesWithMultipartByteranges() {
        // given two disjoint ranges, the suffix listed first
        String range = "bytes=-500,100-199";

        // when
        HttpResponse<byte[]> response = fetch("Range", range);

        // then one part per range in the header's order, each the fixture's bytes at that offset
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).isEmpty();
        assertThat(response.headers().firstValue("ETag")).contains(etag);
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(response.headers().firstValueAsLong("Content-Length").orElse(-1))
                .isEqualTo(response.body().length);
        List<Part> parts = multipart(response);
        assertThat(parts).hasSize(2);
        assertPart(parts.get(0), length - 500, length - 1);
        assertPart(parts.get(1), 100, 199);
    }

    @Test
    void shouldUseNewBoundaryForEveryMultipartResponse() {
        // when
        String first = boundary(fetch("Range", "bytes=0-0,2-2"));
        String second = boundary(fetch("Range", "bytes=0-0,2-2"));

        // then
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    @Test
    void shouldCoalesceOverlappingRanges() {
        assertPartial(fetch("Range", "bytes=50-150,0-100"), 0, 150);
        assertPartial(fetch("Range", "bytes=0-,-100"), 0, length - 1);
    }

    @Test
    void shouldCoalesceAdjacentRanges() {
        assertPartial(fetch("Range", "bytes=10-19,0-9"), 0, 19);
        assertPartial(fetch("Range", "bytes=0-99,200-,100-199"), 0, length - 1);
    }

    @Test
    void shouldAcceptOptionalWhitespaceAroundCommas() {
        // when
        HttpResponse<byte[]> response = fetch("Range", "bytes=0-10 , 20-30");

        // then
        assertThat(response.statusCode()).isEqualTo(206);
        List<Part> parts = multipart(response);
        assertThat(parts).hasSize(2);
        assertPart(parts.get(0), 0, 10);
        assertPart(parts.get(1), 20, 30);
        assertPartial(fetch("Range", "bytes=, 0-10 ,, "), 0, 10);
    }

    @Test
    void shouldAnswerRangeNotSatisfiableWhenNoRangeOfTheListIs() {
        assertUnsatisfiable(fetch("Range", "bytes=" + length + "-, -0, " + (length + 5) + "-" + (length + 10)));
    }

    @Test
    void shouldKeepSatisfiableRangesOfMixedList() {
        // when
        HttpResponse<byte[]> one = fetch("Range", "bytes=" + length + "-,0-9,-0");
        HttpResponse<byte[]> two = fetch("Range", "bytes=0-9," + (length + 1) + "-,-10");

        // then
        assertPartial(one, 0, 9);
        assertThat(two.statusCode()).isEqualTo(206);
        List<Part> parts = multipart(two);
        assertThat(parts).hasSize(2);
        assertPart(parts.get(0), 0, 9);
        assertPart(parts.get(1), length - 10, length - 1);
    }

    @Test
    void shouldIgnoreTooManyRanges() {
        // given one more disjoint one-byte range than the limit
        String range = "bytes=" + IntStream.rangeClosed(0, RangePlanner.MAX_RANGES)
                .mapToObj(i -> (2 * i) + "-" + (2 * i)).collect(Collectors.joining(","));

        // when / then
        assertFull(fetch("Range", range));
    }

    @Test
    void shouldIgnoreManyOverlappingRanges() {
        assertFull(fetch("Range", "bytes=0-10,5-15,8-20"));
    }

    @Test
    void shouldIgnoreWholeListWhenAnyRangeIsInvalid() {
        assertFull(fetch("Range", "bytes=0-10,20-30,abc"));
        assertFull(fetch("Range", "bytes=0-10,30-20"));
    }

    @Test
    void shouldApplyIfRangeToMultipleRanges() {
        // when
        HttpResponse<byte[]> current = fetch("Range", "bytes=0-9,20-29", "If-Range", etag);
        HttpResponse<byte[]> stale = fetch("Range", "bytes=0-9,20-29", "If-Range", "\"" + "0".repeat(64) + "\"");

        // then
        assertThat(current.statusCode()).isEqualTo(206);
        assertThat(multipart(current)).hasSize(2);
        assertFull(stale);
    }

    @Test
    void shouldAuditMultipartAnswerWithRawRangeAndPartialStatus() {
        // given
        String range = "bytes=0-10 , 20-30";

        // when
        HttpResponse<byte[]> response = fetch("Range", range);

        // then the STREAM event was acknowledged before the body, with the header as the client sent it
        assertThat(response.statusCode()).isEqualTo(206);
        List<RecordingAccessed> streams = new TopicReader(SharedInfrastructure.kafka().bootstrapServers())
                .read(Topics.RECORDING_ACCESSED, recording.id(), 2, Duration.ofSeconds(20)).stream()
                .map(RecordingAccessed.class::cast).filter(event -> event.getAction() == AccessAction.STREAM)
                .toList();
        assertThat(streams).hasSize(1);
        assertThat(streams.getFirst().getRequestedRange()).isEqualTo(range);
        assertThat(streams.getFirst().getHttpStatus()).isEqualTo(206);
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
        HttpResponse<byte[]> multiRanged = request("HEAD", path, "Range", "bytes=0-9,20-29");

        // then all describe the full 200 (RFC 9110 14.2: Range is defined for GET only) without a body
        for (HttpResponse<byte[]> response : List.of(plain, ranged, multiRanged)) {
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
