package dev.callvault.storage.reconciliation;

import dev.callvault.platform.http.BaseUrls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GETs JSON pages from one provider API, confined to its configured base URL: every URL, also the paging links the
 * provider returns, must have the base's scheme, host and port and lie under its path, so credentials never leave
 * for another host. Bodies are read up to {@value #MAX_PAGE_BYTES} bytes.
 */
final class ProviderApi {

    /** Upper bound of one listing page; a page of 100 recordings is a few tens of kilobytes. */
    static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final URI base;
    private final HttpClient http;
    private final JsonMapper json;

    /**
     * @param name a provider name for messages ({@code Twilio}, {@code ElevenLabs})
     * @param base the configured base URL
     * @param http the client (redirects are not followed: a redirect elsewhere would carry the credentials)
     * @param json parses the pages
     */
    ProviderApi(String name, URI base, HttpClient http, JsonMapper json) {
        this.name = name;
        this.base = base;
        this.http = http;
        this.json = json;
    }

    /**
     * @param pathAndQuery a path starting with {@code /}, query already encoded
     * @return the URL under the base URL
     * @throws ListingFailedException if the result does not lie under the base URL
     */
    URI resolve(String pathAndQuery) {
        try {
            return BaseUrls.resolve(base, pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new ListingFailedException(name + " listing link leaves the configured API base URL", e);
        }
    }

    /**
     * GETs a JSON document.
     *
     * @param uri     a URL from {@link #resolve}
     * @param headers header names and values, alternating (credentials)
     * @return the parsed body of a 2xx answer
     * @throws ListingFailedException on a transport error, a non-2xx status, a body over {@value #MAX_PAGE_BYTES}
     *                                bytes or one that is not JSON
     */
    JsonNode get(URI uri, String... headers) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
                .headers(headers).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new ListingFailedException(name + " answered " + response.statusCode() + " to "
                            + uri.getPath());
                }
                byte[] bytes = body.readNBytes(MAX_PAGE_BYTES + 1);
                if (bytes.length > MAX_PAGE_BYTES) {
                    throw new ListingFailedException(name + " listing page exceeds " + MAX_PAGE_BYTES + " bytes");
                }
                return json.readTree(bytes);
            }
        } catch (IOException e) {
            throw new ListingFailedException(name + " listing request failed: " + e, e);
        } catch (JacksonException e) {
            throw new ListingFailedException(name + " listing page is not JSON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListingFailedException("interrupted while listing " + name, e);
        }
    }

    /** @return a field's text, or {@code null} when it is missing, {@code null} or blank */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }

    /** @return a field's whole number (also from a numeric string, as Twilio sends durations), or {@code null} */
    static Long number(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
