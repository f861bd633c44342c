package dev.callvault.playback.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.playback.streaming.RangePlanner.IntRange;
import dev.callvault.playback.streaming.RangePlanner.SuffixRange;
import dev.callvault.playback.streaming.StreamPlan.Partial;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

/** RFC 9110 range-set parsing (14.1.1), coalescing (14.2) and the abuse limits of {@link RangePlanner}, no server. */
class RangePlannerTests {

    private static final long LENGTH = 1000;
    private static final ETag ETAG = ETag.create("\"abc\"");
    private static final Instant LAST_MODIFIED = Instant.parse("2026-03-02T10:15:09Z");

    private static StreamPlan plan(String range) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RANGE, range);
        return RangePlanner.plan(true, headers, LENGTH, ETAG, LAST_MODIFIED);
    }

    @Test
    void shouldParseEveryKindOfRangeInHeaderOrder() {
        // when
        List<RangePlanner.RangeSpec> ranges = RangePlanner.parse("bytes=500-599,-10,900-,0-0");

        // then
        assertThat(ranges).containsExactly(new IntRange(500, 599), new SuffixRange(10),
                new IntRange(900, Long.MAX_VALUE), new IntRange(0, 0));
    }

    @Test
    void shouldAcceptOptionalWhitespaceAndEmptyListElements() {
        // given spaces and tabs around commas, leading, doubled and trailing commas (RFC 9110 5.6.1), any unit case
        String range = "Bytes=, 0-10 ,\t20-30,, -5 ,";

        // when
        List<RangePlanner.RangeSpec> ranges = RangePlanner.parse(range);

        // then
        assertThat(ranges).containsExactly(new IntRange(0, 10), new IntRange(20, 30), new SuffixRange(5));
    }

    @Test
    void shouldRejectWholeHeaderWhenAnyElementIsInvalid() {
        for (String range : new String[] {"bytes=0-10,abc", "bytes=0-10,5-2", "bytes=0-10,+1-2", "bytes=0-10,1-2-3",
                "bytes=0-10,-", "bytes=0-10,0 -10", "bytes=0-10;20-30", "bytes=,", "bytes=", "items=0-10,20-30",
                "bytes=0-10,1234567890123456789-"}) {
            // when
            List<RangePlanner.RangeSpec> ranges = RangePlanner.parse(range);

            // then
            assertThat(ranges).as(range).isEmpty();
            assertThat(plan(range)).as(range).isEqualTo(new StreamPlan.Full());
        }
    }

    @Test
    void shouldAnswerOneRangeWithSinglePartial() {
        assertThat(plan("bytes=100-199")).isEqualTo(new Partial(100, 199));
        assertThat(plan("bytes=-1")).isEqualTo(new Partial(999, 999));
        assertThat(plan("bytes=-5000")).isEqualTo(new Partial(0, 999));
        assertThat(plan("bytes=990-5000")).isEqualTo(new Partial(990, 999));
    }

    @Test
    void shouldKeepDisjointRangesInHeaderOrder() {
        // when
        StreamPlan plan = plan("bytes=500-599, 0-9,-1");

        // then
        assertThat(plan).isEqualTo(new StreamPlan.Multipart(List.of(new Partial(500, 599), new Partial(0, 9),
                new Partial(999, 999))));
    }

    @Test
    void shouldCoalesceOverlappingRanges() {
        assertThat(plan("bytes=50-150,0-100")).isEqualTo(new Partial(0, 150));
        assertThat(plan("bytes=0-10,0-10")).isEqualTo(new Partial(0, 10));
        assertThat(plan("bytes=0-,-100")).isEqualTo(new Partial(0, 999));
    }

    @Test
    void shouldCoalesceAdjacentRanges() {
        assertThat(plan("bytes=10-19,0-9")).isEqualTo(new Partial(0, 19));
        assertThat(plan("bytes=0-99,200-,100-199")).isEqualTo(new Partial(0, 999));
    }

    @Test
    void shouldOrderCoalescedPartsByTheirFirstRangeInHeader() {
        // given 900-949 listed first, and 0-9 merging with 10-19 listed last
        String range = "bytes=900-949,500-509,10-19,0-9";

        // when
        StreamPlan plan = plan(range);

        // then
        assertThat(plan).isEqualTo(new StreamPlan.Multipart(List.of(new Partial(900, 949), new Partial(500, 509),
                new Partial(0, 19))));
    }

    @Test
    void shouldDropUnsatisfiableRanges() {
        assertThat(plan("bytes=1000-,0-9,-0,5000-6000")).isEqualTo(new Partial(0, 9));
        assertThat(plan("bytes=0-9,1000-1010,-10")).isEqualTo(new StreamPlan.Multipart(List.of(new Partial(0, 9),
                new Partial(990, 999))));
    }

    @Test
    void shouldAnswerUnsatisfiableWhenNoRangeRemains() {
        assertThat(plan("bytes=1000-,-0,5000-6000")).isEqualTo(new StreamPlan.Unsatisfiable());
        assertThat(plan("bytes=1000-1000")).isEqualTo(new StreamPlan.Unsatisfiable());
    }

    @Test
    void shouldTreatEverySuffixOfEmptyRepresentationAsUnsatisfiable() {
        assertThat(RangePlanner.plan(RangePlanner.parse("bytes=-1,0-"), 0)).isEqualTo(new StreamPlan.Unsatisfiable());
    }

    @Test
    void shouldIgnoreMoreRangesThanTheLimit() {
        // given the limit of disjoint one-byte ranges, and one more
        String atLimit = oneByteRanges(RangePlanner.MAX_RANGES);
        String overLimit = oneByteRanges(RangePlanner.MAX_RANGES + 1);

        // when
        StreamPlan allowed = plan(atLimit);
        StreamPlan ignored = plan(overLimit);

        // then
        assertThat(allowed).isInstanceOf(StreamPlan.Multipart.class);
        assertThat(((StreamPlan.Multipart) allowed).parts()).hasSize(RangePlanner.MAX_RANGES);
        assertThat(ignored).isEqualTo(new StreamPlan.Full());
    }

    @Test
    void shouldCountUnsatisfiableRangesTowardsTheLimit() {
        // given one satisfiable range among more unsatisfiable ones than the limit
        String range = "bytes=0-0," + IntStream.range(0, RangePlanner.MAX_RANGES).mapToObj(i -> "5000-")
                .collect(Collectors.joining(","));

        // when / then
        assertThat(plan(range)).isEqualTo(new StreamPlan.Full());
    }

    @Test
    void shouldIgnoreMoreThanTwoOverlappingRanges() {
        assertThat(plan("bytes=0-10,5-15")).isEqualTo(new Partial(0, 15));
        assertThat(plan("bytes=0-10,5-15,8-20")).isEqualTo(new StreamPlan.Full());
        assertThat(plan("bytes=0-0,0-0,0-0")).isEqualTo(new StreamPlan.Full());
        assertThat(plan("bytes=0-10,5-15,100-110,105-115")).isEqualTo(new StreamPlan.Full());
        // adjacent ranges do not overlap
        assertThat(plan("bytes=0-9,10-19,20-29,30-39")).isEqualTo(new Partial(0, 39));
    }

    @Test
    void shouldIgnoreRangesOnHeadAndWhenIfRangeFails() {
        // given
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RANGE, "bytes=0-9,20-29");
        HttpHeaders stale = new HttpHeaders();
        stale.set(HttpHeaders.RANGE, "bytes=0-9,20-29");
        stale.set(HttpHeaders.IF_RANGE, "\"other\"");

        // when / then
        assertThat(RangePlanner.plan(false, headers, LENGTH, ETAG, LAST_MODIFIED)).isEqualTo(new StreamPlan.Full());
        assertThat(RangePlanner.plan(true, stale, LENGTH, ETAG, LAST_MODIFIED)).isEqualTo(new StreamPlan.Full());
        assertThat(RangePlanner.plan(true, headers, LENGTH, ETAG, LAST_MODIFIED))
                .isInstanceOf(StreamPlan.Multipart.class);
    }

    private static String oneByteRanges(int count) {
        return "bytes=" + IntStream.range(0, count).mapToObj(i -> (2 * i) + "-" + (2 * i))
                .collect(Collectors.joining(","));
    }
}
