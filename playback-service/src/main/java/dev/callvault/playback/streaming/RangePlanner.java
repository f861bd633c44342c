package dev.callvault.playback.streaming;

import dev.callvault.events.HttpDates;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;

/**
 * Decides how to answer a {@code GET} or {@code HEAD} of a representation from the request's conditional and range
 * headers, following RFC 9110:
 * <ol>
 * <li>{@code If-None-Match} (section 13.1.2, weak comparison, {@code *} matches): a match answers 304;</li>
 * <li>otherwise {@code If-Modified-Since} (13.1.3): not modified since answers 304;</li>
 * <li>{@code Range} (14.2) only on {@code GET}: a server MUST ignore it for other methods, so {@code HEAD} always
 * describes the full 200;</li>
 * <li>{@code If-Range} (13.1.5): the range applies only if the validator is the current strong ETag (strong
 * comparison; a weak tag never matches) or exactly the {@code Last-Modified} date; otherwise the full 200;</li>
 * <li>a {@code Range} that is not syntactically a {@code bytes} range set (14.1.1; other units, garbage, bad
 * numbers, {@code last < first}) is ignored: 200;</li>
 * <li><b>several ranges</b> (overlapping or not) are answered with the full 200 instead of
 * {@code multipart/byteranges}: RFC 9110 14.2 lets a server ignore {@code Range}, media players only send one range,
 * and it shuts out the many-small-ranges amplification of section 17.15;</li>
 * <li>one range: {@code a-b} (b clamped to the last byte), {@code a-}, or the suffix {@code -n} (the last n bytes,
 * the whole representation when n exceeds it); satisfiable (14.1.1) when {@code a < length}, or {@code n > 0} and the
 * representation is not empty: 206; otherwise 416.</li>
 * </ol>
 * Parsing of the range set is Spring's {@link HttpRange#parseRanges}, after a strict syntax check (RFC 9110 14.1.1
 * grammar: digits only, no signs).
 */
final class RangePlanner {

    private static final String BYTES_PREFIX = "bytes=";
    private static final Pattern RANGE_SPEC = Pattern.compile("[0-9]{1,18}-[0-9]{0,18}|-[0-9]{1,18}");

    private RangePlanner() {
    }

    /**
     * @param get          whether the request is a {@code GET} (ranges apply only to GET)
     * @param headers      the request's headers
     * @param length       representation length in bytes
     * @param etag         the current strong entity tag
     * @param lastModified the representation's last modification, whole seconds
     * @return the plan
     */
    static StreamPlan plan(boolean get, HttpHeaders headers, long length, ETag etag, Instant lastModified) {
        String ifNoneMatch = headers.getFirst(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            if (matchesAny(ifNoneMatch, etag)) {
                return new StreamPlan.NotModified();
            }
        } else {
            Instant ifModifiedSince = httpDate(headers.getFirst(HttpHeaders.IF_MODIFIED_SINCE));
            if (ifModifiedSince != null && !lastModified.isAfter(ifModifiedSince)) {
                return new StreamPlan.NotModified();
            }
        }
        String range = headers.getFirst(HttpHeaders.RANGE);
        if (!get || range == null) {
            return new StreamPlan.Full();
        }
        String ifRange = headers.getFirst(HttpHeaders.IF_RANGE);
        if (ifRange != null && !ifRangeHolds(ifRange, etag, lastModified)) {
            return new StreamPlan.Full();
        }
        List<HttpRange> ranges = parse(range);
        if (ranges.size() != 1) {
            return new StreamPlan.Full();
        }
        HttpRange only = ranges.getFirst();
        long first = only.getRangeStart(length);
        if (first >= length) {
            return new StreamPlan.Unsatisfiable();
        }
        return new StreamPlan.Partial(first, only.getRangeEnd(length));
    }

    /** @return the ranges, or an empty list for a header that is not a valid {@code bytes} range set */
    static List<HttpRange> parse(String range) {
        if (!range.regionMatches(true, 0, BYTES_PREFIX, 0, BYTES_PREFIX.length())) {
            return List.of();
        }
        String set = range.substring(BYTES_PREFIX.length());
        StringBuilder normalized = new StringBuilder(BYTES_PREFIX);
        int specs = 0;
        for (String element : set.split(",", -1)) {
            String spec = element.strip();
            if (spec.isEmpty()) {
                continue; // RFC 9110 5.6.1: empty list elements are allowed and ignored
            }
            if (!RANGE_SPEC.matcher(spec).matches()) {
                return List.of();
            }
            normalized.append(specs++ == 0 ? "" : ",").append(spec);
        }
        if (specs == 0) {
            return List.of();
        }
        try {
            return HttpRange.parseRanges(normalized.toString());
        } catch (IllegalArgumentException e) {
            // last < first, or more ranges than Spring accepts
            return List.of();
        }
    }

    private static boolean matchesAny(String ifNoneMatch, ETag current) {
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        return ETag.parse(ifNoneMatch).stream().anyMatch(tag -> tag.isWildcard() || tag.compare(current, false));
    }

    /** An HTTP-date header, or {@code null} when absent or invalid (RFC 9110 section 13.1.3: then ignored). */
    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return HttpDates.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean ifRangeHolds(String ifRange, ETag current, Instant lastModified) {
        String value = ifRange.strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            ETag given = ETag.create(value);
            return !given.weak() && given.compare(current, true);
        }
        Instant date = httpDate(value);
        return date != null && date.equals(lastModified);
    }
}
