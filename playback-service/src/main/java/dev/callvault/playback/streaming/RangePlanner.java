package dev.callvault.playback.streaming;

import dev.callvault.events.HttpDates;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

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
 * <li>a {@code Range} that is not syntactically a {@code bytes} range set (14.1.1: {@code bytes=} then a
 * comma-separated list of {@code first-[last]} and {@code -suffix}, optional whitespace around the commas, empty list
 * elements allowed by 5.6.1) is ignored as a whole, even if only one element is bad (other units, garbage, signs,
 * numbers of more than 18 digits, {@code last < first}, no range at all): 200;</li>
 * <li>a range set of more than {@value #MAX_RANGES} ranges, or in which more than {@value #MAX_OVERLAPPING} ranges
 * overlap another one, is ignored too: 200. RFC 9110 14.2 lets a server ignore such a set as a likely attack (17.15:
 * each part costs a storage request and its own headers);</li>
 * <li>each range is resolved against the length: {@code a-b} (b clamped to the last byte), {@code a-}, or the suffix
 * {@code -n} (the last n bytes, the whole representation when n exceeds it). A range is unsatisfiable (14.1.1) when
 * {@code a >= length}, or for {@code -0} or an empty representation, and is dropped; if none remains: 416;</li>
 * <li>the remaining ranges are coalesced where they overlap or are adjacent (14.2 and 15.3.7.2 allow it, whatever
 * their order in the header): one result is a plain 206 with its {@code Content-Range}; several are a 206
 * {@code multipart/byteranges} (14.6), the parts in the order their first range appeared in the header
 * (15.3.7.2).</li>
 * </ol>
 */
final class RangePlanner {

    /**
     * Most ranges (list elements that are not empty) a {@code Range} header may name; a longer list is ignored (200).
     * Bounds the parts, hence the storage requests, of one multipart answer.
     */
    static final int MAX_RANGES = 100;

    /**
     * Most satisfiable ranges that may share a byte with another requested range; more are ignored (200). RFC 9110
     * 14.2 names "more than two overlapping ranges" as a sign of a broken client or an attack; media players send one
     * range.
     */
    static final int MAX_OVERLAPPING = 2;

    private static final String BYTES_PREFIX = "bytes=";
    private static final Pattern INT_RANGE = Pattern.compile("([0-9]{1,18})-([0-9]{0,18})");
    private static final Pattern SUFFIX_RANGE = Pattern.compile("-([0-9]{1,18})");

    private RangePlanner() {
    }

    /**
     * One range-spec of a {@code bytes} range set (RFC 9110 section 14.1.1), not yet resolved against a length.
     */
    sealed interface RangeSpec {

        /**
         * @param length representation length in bytes
         * @return the bytes selected, {@code last} clamped to {@code length - 1}, or {@code null} when unsatisfiable
         */
        StreamPlan.Partial resolve(long length);
    }

    /**
     * {@code first-last}, or {@code first-} with {@code last} {@link Long#MAX_VALUE}.
     *
     * @param first first byte, 0-based
     * @param last  last byte, inclusive, {@code >= first}
     */
    record IntRange(long first, long last) implements RangeSpec {

        @Override
        public StreamPlan.Partial resolve(long length) {
            return first >= length ? null : new StreamPlan.Partial(first, Math.min(last, length - 1));
        }
    }

    /**
     * {@code -suffixLength}: the last {@code suffixLength} bytes.
     *
     * @param suffixLength number of bytes, {@code >= 0}
     */
    record SuffixRange(long suffixLength) implements RangeSpec {

        @Override
        public StreamPlan.Partial resolve(long length) {
            return suffixLength == 0 || length == 0 ? null
                    : new StreamPlan.Partial(Math.max(0, length - suffixLength), length - 1);
        }
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
        return plan(parse(range), length);
    }

    /**
     * The answer to a parsed range set, once the conditions have let it apply.
     *
     * @param ranges the header's ranges in their order, empty for an invalid header
     * @param length representation length in bytes
     * @return {@link StreamPlan.Full} for an empty, too long or too overlapping set; {@link StreamPlan.Unsatisfiable}
     *         when no range is satisfiable; otherwise one {@link StreamPlan.Partial} or a {@link StreamPlan.Multipart}
     */
    static StreamPlan plan(List<RangeSpec> ranges, long length) {
        if (ranges.isEmpty() || ranges.size() > MAX_RANGES) {
            return new StreamPlan.Full();
        }
        List<Requested> satisfiable = new ArrayList<>(ranges.size());
        for (RangeSpec spec : ranges) {
            StreamPlan.Partial resolved = spec.resolve(length);
            if (resolved != null) {
                satisfiable.add(new Requested(satisfiable.size(), resolved));
            }
        }
        if (satisfiable.isEmpty()) {
            return new StreamPlan.Unsatisfiable();
        }
        satisfiable.sort(Comparator.comparingLong((Requested r) -> r.bytes().first())
                .thenComparingLong(r -> r.bytes().last()));
        if (overlapping(satisfiable) > MAX_OVERLAPPING) {
            return new StreamPlan.Full();
        }
        List<StreamPlan.Partial> parts = coalesce(satisfiable);
        return parts.size() == 1 ? parts.getFirst() : new StreamPlan.Multipart(parts);
    }

    /**
     * Parses a {@code Range} value as a {@code bytes} range set (RFC 9110 section 14.1.1; the unit is
     * case-insensitive, spaces and tabs around each element and empty elements are allowed, 5.6.1).
     *
     * @param range the header value
     * @return the ranges in their order, or an empty list for a value that is not a valid {@code bytes} range set
     */
    static List<RangeSpec> parse(String range) {
        if (!range.regionMatches(true, 0, BYTES_PREFIX, 0, BYTES_PREFIX.length())) {
            return List.of();
        }
        List<RangeSpec> ranges = new ArrayList<>();
        for (String element : range.substring(BYTES_PREFIX.length()).split(",", -1)) {
            String spec = stripOws(element);
            if (spec.isEmpty()) {
                continue; // RFC 9110 5.6.1: empty list elements are allowed and ignored
            }
            Matcher suffix = SUFFIX_RANGE.matcher(spec);
            Matcher intRange = INT_RANGE.matcher(spec);
            if (suffix.matches()) {
                ranges.add(new SuffixRange(Long.parseLong(suffix.group(1))));
            } else if (intRange.matches()) {
                long first = Long.parseLong(intRange.group(1));
                long last = intRange.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(intRange.group(2));
                if (last < first) {
                    return List.of();
                }
                ranges.add(new IntRange(first, last));
            } else {
                return List.of();
            }
        }
        return ranges;
    }

    /** A satisfiable range and its position among the satisfiable ones in the header. */
    private record Requested(int position, StreamPlan.Partial bytes) {
    }

    /** @return how many of the ranges (sorted by first byte) share at least one byte with another of them */
    private static int overlapping(List<Requested> sorted) {
        int count = 0;
        long furthest = -1;
        for (int i = 0; i < sorted.size(); i++) {
            StreamPlan.Partial current = sorted.get(i).bytes();
            boolean withEarlier = i > 0 && current.first() <= furthest;
            boolean withNext = i + 1 < sorted.size() && sorted.get(i + 1).bytes().first() <= current.last();
            if (withEarlier || withNext) {
                count++;
            }
            furthest = Math.max(furthest, current.last());
        }
        return count;
    }

    /**
     * Merges overlapping and adjacent ranges (sorted by first byte); the results are ordered by the earliest header
     * position among the ranges merged into each.
     */
    private static List<StreamPlan.Partial> coalesce(List<Requested> sorted) {
        List<Requested> merged = new ArrayList<>();
        Requested current = sorted.getFirst();
        for (Requested next : sorted.subList(1, sorted.size())) {
            if (next.bytes().first() <= current.bytes().last() + 1) {
                current = new Requested(Math.min(current.position(), next.position()), new StreamPlan.Partial(
                        current.bytes().first(), Math.max(current.bytes().last(), next.bytes().last())));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        merged.sort(Comparator.comparingInt(Requested::position));
        return merged.stream().map(Requested::bytes).toList();
    }

    /** Strips optional whitespace (RFC 9110 5.6.3: spaces and horizontal tabs only). */
    private static String stripOws(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && isOws(value.charAt(from))) {
            from++;
        }
        while (to > from && isOws(value.charAt(to - 1))) {
            to--;
        }
        return value.substring(from, to);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
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
