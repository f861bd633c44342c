package dev.callvault.fetch.providers.elevenlabs;

import dev.callvault.events.Provider;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.FetchFailedException;
import dev.callvault.fetch.providers.ProviderHttp;
import dev.callvault.fetch.providers.RecordingBody;
import dev.callvault.fetch.providers.RecordingRequest;
import dev.callvault.fetch.providers.RecordingSource;
import dev.callvault.platform.http.BaseUrls;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * ElevenLabs Conversational AI "Get conversation audio"
 * (https://elevenlabs.io/docs/api-reference/conversations/get-audio):
 * {@code GET {api-base-url}/v1/convai/conversations/{conversation_id}/audio} with header {@code xi-api-key}; the
 * answer is the conversation's MP3.
 */
@Component
class ElevenLabsRecordingSource implements RecordingSource {

    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final ProviderHttp http;
    private final URI baseUrl;
    private final TenantCredentials tenants;

    ElevenLabsRecordingSource(ProviderHttp http, ElevenLabsApi api, TenantCredentials tenants) {
        this.http = http;
        this.baseUrl = api.apiBaseUrl();
        this.tenants = tenants;
    }

    @Override
    public Provider provider() {
        return Provider.ELEVENLABS;
    }

    @Override
    public String expectedExtension() {
        return "mp3";
    }

    @Override
    public void checkRequest(RecordingRequest request) {
        if (request.providerRecordingId() == null
                || !CONVERSATION_ID.matcher(request.providerRecordingId()).matches()) {
            throw new FetchFailedException(FailureCode.INVALID_EVENT, "ElevenLabs conversation_id is malformed");
        }
    }

    @Override
    public RecordingBody open(RecordingRequest request) {
        checkRequest(request);
        String apiKey = tenants.of(request.tenantId(), "elevenlabs", ApiKey.class).map(ApiKey::apiKey)
                .filter(key -> key != null && !key.isBlank())
                .orElseThrow(() -> new FetchFailedException(FailureCode.UNKNOWN_TENANT_CREDENTIALS,
                        "no ElevenLabs API key configured for tenant " + request.tenantId()));
        URI uri = BaseUrls.resolve(baseUrl, "/v1/convai/conversations/" + request.providerRecordingId() + "/audio");
        return http.get(Provider.ELEVENLABS, baseUrl, uri, Map.of("xi-api-key", apiKey,
                "Accept", "audio/mpeg"));
    }

    /**
     * A tenant's ElevenLabs API key, {@code callvault.tenants.<id>.elevenlabs.api-key} ({@code xi-api-key}).
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
