package dev.callvault.fetch.providers;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads when a pre-signed storage URL stops working, from its query parameters:
 * <ul>
 *   <li>AWS Signature Version 4 (S3, R2 and other S3-compatible stores): {@code X-Amz-Date}
 *       ({@code yyyyMMdd'T'HHmmss'Z'}, UTC) plus {@code X-Amz-Expires} seconds (Amazon S3 API reference, "Authenticating Requests: Using Query
 *       Parameters (AWS Signature Version 4)");</li>
 *   <li>Google Cloud Storage V4 signing: {@code X-Goog-Date} plus {@code X-Goog-Expires} seconds (Cloud Storage
 *       documentation, "Signed URLs", query string parameters);</li>
 *   <li>{@code Expires} in Unix seconds (S3 Signature Version 2 query authentication, GCS V2 signed URLs, CloudFront
 *       canned policies).</li>
 * </ul>
 */
public final class PresignedUrls {

    private static final DateTimeFormatter BASIC_ISO_DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'",
            Locale.ROOT);

    private static final Logger log = LoggerFactory.getLogger(PresignedUrls.class);

    private PresignedUrls() {
    }

    /** When a URL stops working, as far as its query tells. */
    public sealed interface Expiry {
    }

    /** @param at the instant the URL's signature expires */
    public record ExpiresAt(Instant at) implements Expiry {
    }

    /** The URL carries no expiry (an unsigned storage URL). */
    public record NoExpiry() implements Expiry {
    }

    /** The URL carries expiry parameters that do not parse; it is not to be trusted. */
    public record Malformed() implements Expiry {
    }

    /** A pre-signed URL must stay valid at least this long to be used: time to connect and get the headers. */
    public static final Duration MARGIN = Duration.ofSeconds(30);

    /**
     * Decides whether a webhook's pre-signed recording URL is worth requesting, or the provider's API is to be asked
     * for a fresh one. Each refusal is logged with the host or the expiry only, never the URL (a credential).
     *
     * @param recordingUrl the event's recording URL, or {@code null}
     * @param mayRequest   whether a URL may be requested at all (the provider's host allowlist)
     * @param now          the current time
     * @param provider     the provider, for the log lines
     * @param hostsKey     the allowlist's configuration key, for the log lines
     * @return the URL when it parses, may be requested and stays valid beyond {@link #MARGIN}; else {@code null}
     */
    public static URI usable(String recordingUrl, Predicate<URI> mayRequest, Instant now, String provider,
            String hostsKey) {
        if (recordingUrl == null || recordingUrl.isBlank()) {
            return null;
        }
        URI url;
        try {
            url = new URI(recordingUrl);
        } catch (URISyntaxException e) {
            log.warn("{} recording URL is malformed; asking the API", provider);
            return null;
        }
        if (!mayRequest.test(url)) {
            log.warn("{} recording URL points to host {}, outside {}; not requested, asking the API", provider,
                    url.getHost(), hostsKey);
            return null;
        }
        return switch (expiry(url)) {
            case NoExpiry none -> url;
            case ExpiresAt expiry when expiry.at().minus(MARGIN).isAfter(now) -> url;
            case ExpiresAt expired -> {
                log.info("{} pre-signed recording URL expired at {}; asking the API", provider, expired.at());
                yield null;
            }
            case Malformed malformed -> {
                log.warn("{} pre-signed recording URL has malformed expiry parameters; asking the API", provider);
                yield null;
            }
        };
    }

    /**
     * @param url a pre-signed (or plain) storage URL
     * @return its expiry (see the class description for the formats read)
     */
    public static Expiry expiry(URI url) {
        try {
            Map<String, String> query = query(url);
            if (query.containsKey("x-amz-date") || query.containsKey("x-amz-expires")) {
                return dateAndSeconds(query.get("x-amz-date"), query.get("x-amz-expires"));
            }
            if (query.containsKey("x-goog-date") || query.containsKey("x-goog-expires")) {
                return dateAndSeconds(query.get("x-goog-date"), query.get("x-goog-expires"));
            }
            if (query.containsKey("expires")) {
                return new ExpiresAt(Instant.ofEpochSecond(seconds(query.get("expires"))));
            }
            return new NoExpiry();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new Malformed();
        }
    }

    private static Expiry dateAndSeconds(String date, String expires) {
        if (date == null || expires == null) {
            return new Malformed();
        }
        Instant signedAt = LocalDateTime.parse(date, BASIC_ISO_DATE_TIME).toInstant(ZoneOffset.UTC);
        return new ExpiresAt(signedAt.plusSeconds(seconds(expires)));
    }

    private static long seconds(String value) {
        if (value == null || !value.matches("\\d{1,12}")) {
            throw new IllegalArgumentException("not a number of seconds");
        }
        return Long.parseLong(value);
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> parameters = new HashMap<>();
        String raw = url.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
