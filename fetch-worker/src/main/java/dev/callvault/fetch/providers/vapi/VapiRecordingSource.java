package dev.callvault.fetch.providers.vapi;

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
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Vapi call recordings, the stereo one when there is one (customer and assistant on separate channels).
 *
 * <ol>
 *   <li>The pre-signed URL of the end-of-call report's {@code artifact} (the event's {@code recordingUrl}, stereo
 *       preferred by the ingest) is used while it is valid: on an allowed host ({@link RecordingHosts},
 *       {@code callvault.providers.vapi.recording-hosts}) or under the API base URL, and not expiring within
 *       {@link PresignedUrls#MARGIN} (30 s) ({@link PresignedUrls}). No credentials are sent to it. Should the storage answer a
 *       4xx (expired after all, or a private bucket whose URLs are not directly downloadable), the API is asked.</li>
 *   <li>Otherwise, "Retrieve call artifacts" (https://docs.vapi.ai/security-and-privacy/retrieve-call-artifacts):
 *       {@code GET {api-base-url}/call/{id}/stereo-recording} with {@code Authorization: Bearer <tenant's API key>},
 *       which answers {@code 302} to a short-lived signed URL. The redirect is followed only to an allowed host (or
 *       under the API base URL), never with the API key; elsewhere the fetch fails
 *       {@link FailureCode#PROVIDER_REDIRECT_REFUSED} and nothing is requested there. A {@code 404} (no stereo
 *       recording) falls back to {@code GET {api-base-url}/call/{id}/mono-recording} the same way.</li>
 * </ol>
 */
@Component
class VapiRecordingSource implements RecordingSource {

    private static final Logger log = LoggerFactory.getLogger(VapiRecordingSource.class);

    /** Vapi call ids are UUIDs; anything path-safe of reasonable length is accepted. */
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** Answers of the storage host after which the API is asked instead of failing. */
    private static final Set<FailureCode> STORAGE_REFUSALS = Set.of(FailureCode.PROVIDER_UNAUTHORIZED,
            FailureCode.PROVIDER_FORBIDDEN, FailureCode.PROVIDER_NOT_FOUND, FailureCode.PROVIDER_REJECTED);
    private static final Map<String, String> ACCEPT = Map.of("Accept", "audio/*");

    private final ProviderHttp http;
    private final URI baseUrl;
    private final RecordingHosts recordingHosts;
    private final TenantCredentials tenants;
    private final Clock clock;
    private final ProviderHttp.Confinement storage;
    private final ProviderHttp.Confinement api;

    VapiRecordingSource(ProviderHttp http, VapiApi api, TenantCredentials tenants) {
        this.http = http;
        this.baseUrl = api.apiBaseUrl();
        this.recordingHosts = new RecordingHosts(api.recordingHosts());
        this.tenants = tenants;
        this.clock = Clock.systemUTC();
        this.storage = new ProviderHttp.Confinement(this::mayRequest, target -> false,
                "callvault.providers.vapi.recording-hosts");
        this.api = new ProviderHttp.Confinement(this::mayRequest, target -> BaseUrls.isUnder(baseUrl, target),
                "callvault.providers.vapi.recording-hosts");
    }

    @Override
    public Provider provider() {
        return Provider.VAPI;
    }

    @Override
    public String expectedExtension() {
        return "mp3";
    }

    @Override
    public void checkRequest(RecordingRequest request) {
        if (request.providerRecordingId() == null || !CALL_ID.matcher(request.providerRecordingId()).matches()) {
            throw new FetchFailedException(FailureCode.INVALID_EVENT, "Vapi call id is malformed");
        }
    }

    /**
     * Opens the pre-signed URL while it is usable, else the API's stereo (then mono) recording.
     *
     * @param request the call (its {@code recordingUrl} may be {@code null})
     * @return the recording's answer, body unread
     * @throws FetchFailedException {@link FailureCode#UNKNOWN_TENANT_CREDENTIALS} when the API is needed and the tenant
     *                              has no Vapi API key, {@link FailureCode#PROVIDER_REDIRECT_REFUSED} for a redirect to
     *                              a host outside the allowlist, else as {@link ProviderHttp#get}
     */
    @Override
    public RecordingBody open(RecordingRequest request) {
        checkRequest(request);
        URI presigned = PresignedUrls.usable(request.recordingUrl(), this::mayRequest, clock.instant(), "Vapi",
                "callvault.providers.vapi.recording-hosts");
        if (presigned != null) {
            try {
                return http.get(Provider.VAPI, presigned, ACCEPT, Map.of(), storage);
            } catch (FetchFailedException e) {
                if (!STORAGE_REFUSALS.contains(e.code())) {
                    throw e;
                }
                log.info("Vapi storage refused the pre-signed URL of call {} ({}); asking the API",
                        request.providerRecordingId(), e.getMessage());
            }
        }
        String apiKey = tenants.of(request.tenantId(), "vapi", ApiKey.class).map(ApiKey::apiKey)
                .filter(key -> key != null && !key.isBlank())
                .orElseThrow(() -> new FetchFailedException(FailureCode.UNKNOWN_TENANT_CREDENTIALS,
                        "no Vapi API key configured for tenant " + request.tenantId()));
        Map<String, String> credentials = Map.of("Authorization", "Bearer " + apiKey);
        try {
            return http.get(Provider.VAPI, artifact(request, "stereo-recording"), ACCEPT, credentials, api);
        } catch (FetchFailedException e) {
            if (e.code() != FailureCode.PROVIDER_NOT_FOUND) {
                throw e;
            }
            return http.get(Provider.VAPI, artifact(request, "mono-recording"), ACCEPT, credentials, api);
        }
    }

    private URI artifact(RecordingRequest request, String name) {
        return BaseUrls.resolve(baseUrl, "/call/" + request.providerRecordingId() + "/" + name);
    }

    private boolean mayRequest(URI target) {
        return recordingHosts.allows(target) || BaseUrls.isUnder(baseUrl, target);
    }

    /**
     * A tenant's Vapi private API key, {@code callvault.tenants.<id>.vapi.api-key}.
     *
     * @param apiKey the key, sent as {@code Authorization: Bearer}; never logged
     */
    record ApiKey(String apiKey) {

        @Override
        public String toString() {
            return "ApiKey[<set>]";
        }
    }
}
