package dev.callvault.ingest;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the webhook endpoints, {@code callvault.ingest.*}.
 *
 * @param publicBaseUrl           the URL providers call, scheme + host (+ port, + path prefix), without a trailing
 *                                slash; Twilio signs {@code publicBaseUrl + request path (+ "?" + query)}, so it must
 *                                be exactly what is configured at Twilio (contract key
 *                                {@code callvault.ingest.public-base-url})
 * @param maxBodySize             largest body that is parsed: Twilio forms, ElevenLabs JSON other than
 *                                {@code post_call_audio} (default 1 MiB); larger bodies answer 413
 * @param maxAudioBodySize        largest ElevenLabs {@code post_call_audio} body, which is verified while streaming and
 *                                never held in memory, and the most an unauthenticated caller can make ingest read and
 *                                HMAC before the signature is known to be wrong (default 64 MB: the base64 MP3 of a
 *                                two-hour conversation at the 48 kbit/s of ElevenLabs' conversation audio, 43.2 MB,
 *                                is 57.6 MB, plus its JSON; an agent's {@code max_duration_seconds} defaults to 600 s,
 *                                raise this for agents allowed longer conversations)
 * @param maxVapiBodySize         largest Vapi server message (default 8 MiB): an end-of-call report carries the whole
 *                                transcript, messages and assistant configuration; it is parsed while streaming and
 *                                only a few fields are kept
 * @param publishTimeout          longest wait for the broker's acknowledgement of an event before answering 503
 *                                (default 15 s; keep it above the producer's {@code max.block.ms} +
 *                                {@code delivery.timeout.ms})
 * @param retryAfter              the {@code Retry-After} of a 503, whole seconds (default 30 s)
 * @param signatureMaxAge         oldest signature timestamp accepted (ElevenLabs: 30 minutes)
 * @param signatureMaxFutureSkew  how far in the future a signature timestamp may lie (clock skew, default 5 minutes)
 */
@Validated
@ConfigurationProperties("callvault.ingest")
public record IngestProperties(
        @NotNull URI publicBaseUrl,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("64MB") DataSize maxAudioBodySize,
        @DefaultValue("8MB") DataSize maxVapiBodySize,
        @DefaultValue("15s") Duration publishTimeout,
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("30m") Duration signatureMaxAge,
        @DefaultValue("5m") Duration signatureMaxFutureSkew) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL without query or fragment, or a
     *                                  size or duration is not positive
     */
    public IngestProperties {
        if (publicBaseUrl != null) {
            String scheme = publicBaseUrl.getScheme() == null ? "" : publicBaseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || publicBaseUrl.getHost() == null
                    || publicBaseUrl.getRawQuery() != null || publicBaseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("callvault.ingest.public-base-url must be an absolute http(s) URL "
                        + "without query or fragment, got " + publicBaseUrl);
            }
        }
        requirePositive(maxBodySize, "max-body-size");
        requirePositive(maxAudioBodySize, "max-audio-body-size");
        requirePositive(maxVapiBodySize, "max-vapi-body-size");
        requirePositive(publishTimeout, "publish-timeout");
        requirePositive(retryAfter, "retry-after");
        requirePositive(signatureMaxAge, "signature-max-age");
        if (signatureMaxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("callvault.ingest.signature-max-future-skew must not be negative");
        }
    }

    /**
     * The public URL of a request path, as providers see and sign it.
     *
     * @param rawPath     the request path as received (not decoded), starting with {@code /}
     * @param rawQuery    the query string as received, or {@code null}
     * @return {@code publicBaseUrl} without trailing slash + path (+ {@code "?" + query})
     */
    public String publicUrl(String rawPath, String rawQuery) {
        String base = publicBaseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }

    private static void requirePositive(DataSize size, String name) {
        if (size.toBytes() <= 0) {
            throw new IllegalArgumentException("callvault.ingest." + name + " must be positive");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("callvault.ingest." + name + " must be positive");
        }
    }
}
