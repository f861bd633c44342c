package dev.callvault.fetch.providers;

import dev.callvault.events.HttpDates;
import dev.callvault.events.Provider;
import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.platform.http.BaseUrls;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Predicate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The HTTP side shared by the provider clients: JDK {@link HttpClient} on virtual threads with a connect timeout, a
 * timeout for the response headers, a read-idle and per-attempt timeout on the body ({@link GuardedInputStream}),
 * redirects followed only where a {@link Confinement} admits them (under the provider's base URL by default), and the
 * mapping of answers to {@link FailureCode}s ({@code Retry-After} per RFC 9110 section 10.2.3).
 */
@Component
public class ProviderHttp implements DisposableBean {

    private static final long MAX_DRAINED_ERROR_BYTES = 64 * 1024;

    private final HttpClient client;
    private final ScheduledThreadPoolExecutor watchdogs;
    private final FetchProperties.Http settings;
    private final Clock clock;

    /**
     * @param properties {@code callvault.fetch.http.*}: timeouts and redirects
     */
    public ProviderHttp(FetchProperties properties) {
        this.settings = properties.http();
        this.client = HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.watchdogs = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("http-watchdog")
                .factory());
        this.watchdogs.setRemoveOnCancelPolicy(true);
        this.clock = Clock.systemUTC();
    }

    /**
     * Sends a GET confined to a provider's base URL and returns a 2xx answer with its body unread.
     *
     * @param provider the provider (for messages)
     * @param base     the provider's configured base URL; every request, redirects included, stays under it
     * @param uri      the URL to get, under {@code base}
     * @param headers  request headers (credentials included; never logged)
     * @return the answer
     * @throws FetchFailedException for any non-2xx answer, a refused redirect, a timeout or an unreachable provider
     */
    public RecordingBody get(Provider provider, URI base, URI uri, Map<String, String> headers) {
        return get(provider, uri, Map.of(), headers, new Confinement(target -> BaseUrls.isUnder(base, target),
                target -> true, "its configured base URL"));
    }

    /**
     * Sends a GET and returns a 2xx answer with its body unread. Redirects (at most
     * {@code callvault.fetch.http.max-redirects}) are followed only to URLs the confinement admits; credentials go only
     * to URLs it trusts with them.
     *
     * @param provider    the provider (for messages)
     * @param uri         the URL to get; it must be admitted too
     * @param headers     headers sent with every request (no credentials)
     * @param credentials headers sent only to trusted URLs (never logged)
     * @param confinement which URLs may be requested, and which may receive the credentials
     * @return the answer
     * @throws FetchFailedException {@link FailureCode#PROVIDER_REDIRECT_REFUSED} for a URL or redirect the
     *                              confinement refuses (nothing is requested there), else for any non-2xx answer, a
     *                              timeout or an unreachable provider
     */
    public RecordingBody get(Provider provider, URI uri, Map<String, String> headers, Map<String, String> credentials,
            Confinement confinement) {
        URI target = uri;
        long attemptStart = System.nanoTime();
        for (int redirects = 0; ; redirects++) {
            if (!confinement.mayRequest().test(target)) {
                throw new FetchFailedException(FailureCode.PROVIDER_REDIRECT_REFUSED, provider
                        + " pointed outside " + confinement.description() + " (to host " + target.getHost() + ")");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(settings.readTimeout());
            headers.forEach(request::header);
            if (confinement.mayAuthenticate().test(target)) {
                credentials.forEach(request::header);
            }
            HttpResponse<InputStream> response = send(provider, request.build());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                String contentType = response.headers().firstValue("Content-Type").orElse(null);
                return new RecordingBody(status, new GuardedInputStream(response.body(), watchdogs,
                        settings.readTimeout(), settings.attemptTimeout(), attemptStart), length, contentType);
            }
            discard(response.body());
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()
                    && redirects < settings.maxRedirects()) {
                target = redirectTarget(provider, target, response.headers().firstValue("Location").orElseThrow());
                continue;
            }
            throw failure(provider, status, response.headers().firstValue("Retry-After"));
        }
    }

    private static URI redirectTarget(Provider provider, URI current, String location) {
        try {
            return current.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_REDIRECT_REFUSED,
                    provider + " redirected to a malformed Location", null, null, e);
        }
    }

    /**
     * Where a request may go.
     *
     * @param mayRequest      whether a URL (the first one, or a redirect's target) may be requested at all
     * @param mayAuthenticate whether a URL may receive the credentials
     * @param description     what {@code mayRequest} admits, for the failure's message (no secrets)
     */
    public record Confinement(Predicate<URI> mayRequest, Predicate<URI> mayAuthenticate, String description) {
    }

    private HttpResponse<InputStream> send(Provider provider, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_UNREACHABLE,
                    "connecting to " + provider + " timed out", null, null, e);
        } catch (HttpTimeoutException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_TIMEOUT,
                    provider + " sent no response headers within " + settings.readTimeout().toSeconds() + " s",
                    null, null, e);
        } catch (ConnectException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_UNREACHABLE,
                    "cannot connect to " + provider + ": " + e.getClass().getSimpleName(), null, null, e);
        } catch (IOException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_UNREACHABLE,
                    provider + " request failed: " + e.getClass().getSimpleName(), null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while requesting " + provider, e);
        }
    }

    private FetchFailedException failure(Provider provider, int status, Optional<String> retryAfterHeader) {
        Duration retryAfter = retryAfterHeader.flatMap(value -> parseRetryAfter(value, clock.instant()))
                .orElse(null);
        FailureCode code = switch (status) {
            case 401 -> FailureCode.PROVIDER_UNAUTHORIZED;
            case 403 -> FailureCode.PROVIDER_FORBIDDEN;
            case 404 -> FailureCode.PROVIDER_NOT_FOUND;
            case 429 -> FailureCode.PROVIDER_RATE_LIMITED;
            default -> status >= 500 ? FailureCode.PROVIDER_UNAVAILABLE
                    : status >= 300 && status < 400 ? FailureCode.PROVIDER_REDIRECT_REFUSED
                    : FailureCode.PROVIDER_REJECTED;
        };
        return new FetchFailedException(code, provider + " answered HTTP " + status, status, retryAfter, null);
    }

    /**
     * Parses a {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3, any of the three forms of
     * section 5.6.7, see {@link HttpDates#parse(String, Clock)}).
     *
     * @param value the header value
     * @param now   the current time, for HTTP-dates
     * @return the wait (zero for a date in the past), or empty if the value is neither form
     */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String trimmed = value.trim();
        if (trimmed.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            Instant at = HttpDates.parse(trimmed, Clock.fixed(now, ZoneOffset.UTC));
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void discard(InputStream body) {
        try (InputStream in = body) {
            // read a small error page to its end so the connection can be reused; close a large one instead
            long skipped = 0;
            byte[] buffer = new byte[8192];
            int n;
            while (skipped < MAX_DRAINED_ERROR_BYTES && (n = in.read(buffer)) >= 0) {
                skipped += n;
            }
        } catch (IOException ignored) {
            // the answer is already decided by its status
        }
    }

    @Override
    public void destroy() {
        watchdogs.shutdownNow();
        client.close();
    }
}
