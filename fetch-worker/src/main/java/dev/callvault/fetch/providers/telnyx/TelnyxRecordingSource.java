package dev.callvault.fetch.providers.telnyx;

import dev.callvault.events.Provider;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.FetchFailedException;
import dev.callvault.fetch.providers.PresignedUrls;
import dev.callvault.fetch.providers.ProviderHttp;
import dev.callvault.fetch.providers.RecordingBody;
import dev.callvault.fetch.providers.RecordingHosts;
import dev.callvault.fetch.providers.RecordingRequest;
import dev.callvault.fetch.providers.RecordingSource;
import dev.callvault.platform.http.BaseUrls;
import dev.callvault.platform.tenants.TenantCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Telnyx call recordings (Call Control).
 *
 * <ol>
 *   <li>The pre-signed URL of the {@code call.recording.saved} webhook (the event's {@code recordingUrl}) is used while
 *       it is valid: on an allowed host ({@link RecordingHosts}, {@code callvault.providers.telnyx.recording-hosts})
 *       and not expiring within {@link PresignedUrls#MARGIN} (30 s) ({@link PresignedUrls}; Telnyx signs them for 10 minutes).
 *       No credentials are sent to it. Should the storage refuse it (4xx), the API is asked.</li>
 *   <li>Otherwise "Retrieve a call recording"
 *       (https://developers.telnyx.com/api-reference/call-recordings/retrieve-a-call-recording):
 *       {@code GET {api-base-url}/v2/recordings/{recording_id}} with {@code Authorization: Bearer <tenant's API key>}
 *       answers JSON whose {@code data.download_urls} holds fresh pre-signed URLs ({@code wav}, {@code mp3}); the one
 *       in the event's format (else {@code wav}, else {@code mp3}) is requested on an allowed host, without the API
 *       key. A URL outside the allowlist fails {@link FailureCode#PROVIDER_REDIRECT_REFUSED}; nothing is requested
 *       there.</li>
 * </ol>
 *
 * <p>The API's JSON answer is read up to {@value #MAX_API_ANSWER_BYTES} bytes; a recording's audio is streamed.
 */
@Component
class TelnyxRecordingSource implements RecordingSource {

    private static final Logger log = LoggerFactory.getLogger(TelnyxRecordingSource.class);

    /** Telnyx recording ids are UUIDs; anything path-safe of reasonable length is accepted. */
    private static final Pattern RECORDING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** The most of the API's JSON answer that is read (a recording's record is about 1 KiB). */
    static final int MAX_API_ANSWER_BYTES = 64 * 1024;
    /** Answers of the storage host after which the API is asked instead of failing. */
    private static final Set<FailureCode> STORAGE_REFUSALS = Set.of(FailureCode.PROVIDER_UNAUTHORIZED,
            FailureCode.PROVIDER_FORBIDDEN, FailureCode.PROVIDER_NOT_FOUND, FailureCode.PROVIDER_REJECTED);
    private static final Map<String, String> ACCEPT_AUDIO = Map.of("Accept", "audio/*");

    private final ProviderHttp http;
    private final URI baseUrl;
    private final RecordingHosts recordingHosts;
    private final TenantCredentials tenants;
    private final JsonMapper json;
    private final Clock clock;
    private final ProviderHttp.Confinement storage;

    @Autowired
    TelnyxRecordingSource(ProviderHttp http, TelnyxApi api, TenantCredentials tenants, JsonMapper json) {
        this(http, api, tenants, json, Clock.systemUTC());
    }

    TelnyxRecordingSource(ProviderHttp http, TelnyxApi api, TenantCredentials tenants, JsonMapper json, Clock clock) {
        this.http = http;
        this.baseUrl = api.apiBaseUrl();
        this.recordingHosts = new RecordingHosts(api.recordingHosts());
        this.tenants = tenants;
        this.json = json;
        this.clock = clock;
        this.storage = new ProviderHttp.Confinement(recordingHosts::allows, target -> false,
                "callvault.providers.telnyx.recording-hosts");
    }

    @Override
    public Provider provider() {
        return Provider.TELNYX;
    }

    @Override
    public String expectedExtension() {
        return "wav";
    }

    @Override
    public void checkRequest(RecordingRequest request) {
        if (request.providerRecordingId() == null
                || !RECORDING_ID.matcher(request.providerRecordingId()).matches()) {
            throw new FetchFailedException(FailureCode.INVALID_EVENT, "Telnyx recording_id is malformed");
        }
    }

    /**
     * Opens the webhook's pre-signed URL while it is usable, else a fresh one from the API.
     *
     * @param request the recording (its {@code recordingUrl} may be {@code null})
     * @return the recording's answer, body unread
     * @throws FetchFailedException {@link FailureCode#UNKNOWN_TENANT_CREDENTIALS} when the API is needed and the tenant
     *                              has no Telnyx API key, {@link FailureCode#PROVIDER_REDIRECT_REFUSED} for a URL on a
     *                              host outside the allowlist, {@link FailureCode#PROVIDER_REJECTED} for an API answer
     *                              without a download URL, else as {@link ProviderHttp#get}
     */
    @Override
    public RecordingBody open(RecordingRequest request) {
        checkRequest(request);
        URI presigned = PresignedUrls.usable(request.recordingUrl(), recordingHosts::allows, clock.instant(), "Telnyx",
                "callvault.providers.telnyx.recording-hosts");
        if (presigned != null) {
            try {
                return http.get(Provider.TELNYX, presigned, ACCEPT_AUDIO, Map.of(), storage);
            } catch (FetchFailedException e) {
                if (!STORAGE_REFUSALS.contains(e.code())) {
                    throw e;
                }
                log.info("Telnyx storage refused the pre-signed URL of recording {} ({}); asking the API",
                        request.providerRecordingId(), e.getMessage());
            }
        }
        URI fresh = downloadUrl(request, format(request.recordingUrl()));
        return http.get(Provider.TELNYX, fresh, ACCEPT_AUDIO, Map.of(), storage);
    }

    /** Asks the API for the recording and answers its download URL in the wanted format (else the other one). */
    private URI downloadUrl(RecordingRequest request, String wanted) {
        String apiKey = tenants.of(request.tenantId(), "telnyx", ApiKey.class).map(ApiKey::apiKey)
                .filter(key -> key != null && !key.isBlank())
                .orElseThrow(() -> new FetchFailedException(FailureCode.UNKNOWN_TENANT_CREDENTIALS,
                        "no Telnyx API key configured for tenant " + request.tenantId()));
        URI uri = BaseUrls.resolve(baseUrl, "/v2/recordings/" + request.providerRecordingId());
        JsonNode urls;
        try (RecordingBody answer = http.get(Provider.TELNYX, baseUrl, uri,
                Map.of("Authorization", "Bearer " + apiKey, "Accept", "application/json"))) {
            urls = json.readTree(limited(answer.stream())).path("data").path("download_urls");
        } catch (JacksonException | IOException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_REJECTED,
                    "Telnyx answered an unreadable recording record: " + e.getClass().getSimpleName());
        }
        String other = wanted.equals("wav") ? "mp3" : "wav";
        String url = urls.path(wanted).isString() ? urls.path(wanted).asString() : urls.path(other).asString(null);
        if (url == null || url.isBlank()) {
            throw new FetchFailedException(FailureCode.PROVIDER_REJECTED,
                    "Telnyx recording " + request.providerRecordingId() + " has no download URL");
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new FetchFailedException(FailureCode.PROVIDER_REJECTED, "Telnyx answered a malformed download URL");
        }
    }

    private static InputStream limited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_API_ANSWER_BYTES + 1);
        if (bytes.length > MAX_API_ANSWER_BYTES) {
            throw new IOException("recording record larger than " + MAX_API_ANSWER_BYTES + " bytes");
        }
        return new ByteArrayInputStream(bytes);
    }

    /** @return {@code mp3} when the webhook's URL names an MP3 file, else {@code wav} */
    private static String format(String recordingUrl) {
        if (recordingUrl != null) {
            try {
                String path = new URI(recordingUrl).getPath();
                if (path != null && path.toLowerCase(Locale.ROOT).endsWith(".mp3")) {
                    return "mp3";
                }
            } catch (URISyntaxException e) {
                return "wav";
            }
        }
        return "wav";
    }

    /**
     * A tenant's Telnyx API key, {@code callvault.tenants.<id>.telnyx.api-key} (API v2, Bearer).
     *
     * @param apiKey the key; never logged
     */
    record ApiKey(String apiKey) {

        @Override
        public String toString() {
            return "ApiKey[<set>]";
        }
    }
}
