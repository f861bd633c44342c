package dev.callvault.events;

import java.text.ParsePosition;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;

/**
 * The dates CallVault writes and reads on the wire, each in exactly one formatter:
 * <ul>
 * <li>HTTP-dates ({@code Last-Modified}, {@code If-Range}, {@code Retry-After}, {@code Date}): written as the
 * IMF-fixdate of RFC 9110 section 5.6.7, {@code Sun, 06 Nov 1994 08:49:37 GMT} (two-digit day, English names,
 * always GMT); read in all three forms that section obliges a recipient to accept (IMF-fixdate, the obsolete
 * RFC 850 form {@code Sunday, 06-Nov-94 08:49:37 GMT} and ANSI C's asctime form {@code Sun Nov  6 08:49:37 1994}).</li>
 * <li>Twilio's dates ({@code RecordingStartTime} of the recording status callback, {@code date_created} of the REST
 * API): RFC 2822 section 3.3 with a numeric zone, as Twilio writes them, {@code Tue, 06 Jan 2026 19:40:10 +0000}
 * (<a href="https://www.twilio.com/docs/usage/twilios-response#response-formats-datetime">Twilio: response formats,
 * date and time</a>); read with one- or two-digit days and any numeric offset.</li>
 * </ul>
 * Both carry whole seconds: formatting drops the fraction of the second.
 */
public final class HttpDates {

    /** IMF-fixdate, RFC 9110 section 5.6.7: {@code day-name "," SP date1 SP time-of-day SP "GMT"}. */
    public static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** Twilio's RFC 2822 date-time with a numeric zone, written in UTC as {@code +0000}. */
    public static final DateTimeFormatter TWILIO = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter RFC_850 = DateTimeFormatter
            .ofPattern("EEEE, dd-MMM-uu HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter
            .ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US);

    private HttpDates() {
    }

    /**
     * Writes an HTTP-date.
     *
     * @param instant the time; its fraction of a second is dropped
     * @return the IMF-fixdate, e.g. {@code Mon, 02 Mar 2026 10:15:09 GMT}
     */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Reads an HTTP-date in any of the three forms of RFC 9110 section 5.6.7, resolving an RFC 850 two-digit year
     * that would be more than 50 years after {@code clock}'s year to the century before, as that section requires.
     *
     * @param value the header value, surrounding whitespace allowed
     * @param clock the clock that places two-digit years
     * @return the instant
     * @throws DateTimeParseException if the value is in none of the three forms, or its day name does not match the
     *                                date
     */
    public static Instant parse(String value, Clock clock) {
        String text = Objects.requireNonNull(value, "value").strip();
        try {
            return ZonedDateTime.parse(text, IMF_FIXDATE).toInstant();
        } catch (DateTimeParseException notFixdate) {
            try {
                return LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notAsctime) {
                return parseRfc850(text, clock);
            }
        }
    }

    /**
     * Reads an HTTP-date as {@link #parse(String, Clock)} does, with two-digit years placed by the system clock.
     *
     * @param value the header value
     * @return the instant
     * @throws DateTimeParseException if the value is not an HTTP-date
     */
    public static Instant parse(String value) {
        return parse(value, Clock.systemUTC());
    }

    /**
     * Writes a date the way Twilio does.
     *
     * @param instant the time; its fraction of a second is dropped
     * @return e.g. {@code Mon, 02 Mar 2026 10:15:09 +0000}
     */
    public static String formatTwilio(Instant instant) {
        return TWILIO.format(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Reads a date as Twilio writes it: RFC 2822 section 3.3, where the day name is optional, the day may have one
     * digit and the zone is numeric or {@code GMT}.
     *
     * @param value the value, surrounding whitespace allowed
     * @return the instant
     * @throws DateTimeParseException if the value is not such a date
     */
    public static Instant parseTwilio(String value) {
        return ZonedDateTime.parse(Objects.requireNonNull(value, "value").strip(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    private static Instant parseRfc850(String text, Clock clock) {
        ParsePosition position = new ParsePosition(0);
        TemporalAccessor fields = RFC_850.parseUnresolved(text, position);
        if (fields == null || position.getErrorIndex() >= 0 || position.getIndex() != text.length()) {
            throw new DateTimeParseException("not an HTTP-date (RFC 9110 section 5.6.7)", text, 0);
        }
        int twoDigits = (int) Math.floorMod(fields.getLong(ChronoField.YEAR), 100L);
        int currentYear = clock.instant().atOffset(ZoneOffset.UTC).getYear();
        int year = currentYear - Math.floorMod(currentYear, 100) + twoDigits;
        if (year > currentYear + 50) {
            year -= 100;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, (int) fields.getLong(ChronoField.MONTH_OF_YEAR),
                    (int) fields.getLong(ChronoField.DAY_OF_MONTH), (int) fields.getLong(ChronoField.HOUR_OF_DAY),
                    (int) fields.getLong(ChronoField.MINUTE_OF_HOUR), (int) fields.getLong(ChronoField.SECOND_OF_MINUTE));
        } catch (DateTimeException e) {
            throw new DateTimeParseException("not an HTTP-date (RFC 9110 section 5.6.7)", text, 0, e);
        }
        if (local.getDayOfWeek().getValue() != fields.getLong(ChronoField.DAY_OF_WEEK)) {
            throw new DateTimeParseException("day name does not match the date", text, 0);
        }
        return local.toInstant(ZoneOffset.UTC);
    }
}
