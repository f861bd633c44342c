package dev.callvault.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** HTTP-dates (RFC 9110 section 5.6.7) and Twilio's RFC 2822 dates, on chosen instants, never today's. */
class HttpDatesTests {

    private static final Clock DECEMBER_2026 = Clock.fixed(Instant.parse("2026-12-03T13:53:03Z"), ZoneOffset.UTC);

    @Test
    void shouldWriteATwoDigitDayOnTheFirstNineDaysOfAMonth() {
        // given a time on the 3rd, and the RFC's own example on the 6th
        Instant third = Instant.parse("2026-12-03T13:53:03.987Z");
        Instant rfcExample = Instant.parse("1994-11-06T08:49:37Z");

        // when / then
        assertThat(HttpDates.format(third)).isEqualTo("Thu, 03 Dec 2026 13:53:03 GMT");
        assertThat(HttpDates.format(rfcExample)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDates.format(Instant.parse("2026-12-24T00:00:00Z"))).isEqualTo("Thu, 24 Dec 2026 00:00:00 GMT");
    }

    @Test
    void shouldReadAllThreeFormsARecipientMustAccept() {
        Instant expected = Instant.parse("1994-11-06T08:49:37Z");

        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT", DECEMBER_2026)).isEqualTo(expected);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", DECEMBER_2026)).isEqualTo(expected);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994", DECEMBER_2026)).isEqualTo(expected);
        assertThat(HttpDates.parse("  Thu, 03 Dec 2026 13:53:03 GMT ", DECEMBER_2026))
                .isEqualTo(Instant.parse("2026-12-03T13:53:03Z"));
    }

    @Test
    void shouldPlaceATwoDigitYearWithinFiftyYearsOfTheClock() {
        assertThat(HttpDates.parse("Friday, 04-Dec-26 21:00:00 GMT", DECEMBER_2026))
                .isEqualTo(Instant.parse("2026-12-04T21:00:00Z"));
        assertThat(HttpDates.parse("Wednesday, 04-Dec-75 21:00:00 GMT", DECEMBER_2026))
                .isEqualTo(Instant.parse("2075-12-04T21:00:00Z"));
        assertThat(HttpDates.parse("Monday, 04-Dec-78 21:00:00 GMT", DECEMBER_2026))
                .isEqualTo(Instant.parse("1978-12-04T21:00:00Z"));
    }

    @Test
    void shouldRejectWhatIsNotAnHttpDate() {
        for (String value : new String[] {"Thu, 3 Dec 2026 13:53:03 +0000", "2026-12-03T13:53:03Z", "yesterday",
                "Wed, 03 Dec 2026 13:53:03 GMT", "Wednesday, 03-Dec-26 13:53:03 GMT", "\"etag\""}) {
            assertThatThrownBy(() -> HttpDates.parse(value, DECEMBER_2026)).as(value)
                    .isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void shouldWriteAndReadTwilioDatesWithATwoDigitDayAndNumericZone() {
        // given
        Instant second = Instant.parse("2026-03-02T10:15:09Z");

        // when
        String written = HttpDates.formatTwilio(second);

        // then
        assertThat(written).isEqualTo("Mon, 02 Mar 2026 10:15:09 +0000");
        assertThat(HttpDates.parseTwilio(written)).isEqualTo(second);
        assertThat(HttpDates.parseTwilio("Mon, 2 Mar 2026 12:15:09 +0200")).isEqualTo(second);
        assertThatThrownBy(() -> HttpDates.parseTwilio("yesterday")).isInstanceOf(DateTimeParseException.class);
    }
}
