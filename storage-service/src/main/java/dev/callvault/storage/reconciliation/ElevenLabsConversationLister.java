package dev.callvault.storage.reconciliation;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.platform.tenants.TenantCredentials;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ElevenLabs' "List conversations" (https://elevenlabs.io/docs/api-reference/conversations/list):
 * {@code GET {api-base-url}/v1/convai/conversations?page_size=100&call_start_after_unix=<epoch seconds>[&cursor=]}
 * with header {@code xi-api-key}; cursor paging ({@code next_cursor} while {@code has_more}).
 *
 * <p>Only {@code status=done} conversations are finished; each becomes the {@code CallEnded} that ingest-service builds
 * from a {@code post_call_transcription} webhook: recording and call id {@code conversation_id}, agent
 * {@code agent_id}, start {@code start_time_unix_secs}, duration {@code call_duration_secs}, end = start + duration,
 * direction from {@code direction} when given. The audio is fetched from the conversation audio endpoint, so no
 * recording URL is set.
 */
@Component
class ElevenLabsConversationLister implements RecordingLister {

    static final int PAGE_SIZE = 100;

    /** ElevenLabs' {@code direction} values; anything else (or none) is {@code UNKNOWN}. */
    private static final Map<String, CallDirection> DIRECTIONS = Map.of(
            "inbound", CallDirection.INBOUND, "outbound", CallDirection.OUTBOUND);

    private final TenantCredentials tenants;
    private final ProviderApi api;

    ElevenLabsConversationLister(TenantCredentials tenants, ProviderApiProperties apis,
            HttpClient reconciliationHttpClient, JsonMapper json) {
        this.tenants = tenants;
        this.api = new ProviderApi("ElevenLabs", apis.elevenlabs().apiBaseUrl(), reconciliationHttpClient, json);
    }

    @Override
    public Provider provider() {
        return Provider.ELEVENLABS;
    }

    @Override
    public boolean configuredFor(String tenantId) {
        return apiKey(tenantId).isPresent();
    }

    @Override
    public void listFinished(String tenantId, Instant since, Instant now, Consumer<List<CallEnded>> pages) {
        String apiKey = apiKey(tenantId).orElseThrow();
        String first = "/v1/convai/conversations?page_size=" + PAGE_SIZE + "&call_start_after_unix="
                + since.getEpochSecond();
        String cursor = null;
        for (int page = 0; page == 0 || cursor != null; page++) {
            if (page == MAX_PAGES) {
                throw new ListingFailedException("ElevenLabs listing has more than " + page + " pages");
            }
            String path = cursor == null ? first
                    : first + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            JsonNode body = api.get(api.resolve(path), "xi-api-key", apiKey);
            JsonNode conversations = body.get("conversations");
            if (conversations == null || !conversations.isArray()) {
                throw new ListingFailedException("ElevenLabs listing page without a conversations array");
            }
            List<CallEnded> finished = new ArrayList<>();
            for (JsonNode conversation : conversations) {
                String conversationId = ProviderApi.text(conversation, "conversation_id");
                if (conversationId != null && "done".equals(ProviderApi.text(conversation, "status"))) {
                    finished.add(callEnded(tenantId, conversationId, conversation, now));
                }
            }
            pages.accept(finished);
            JsonNode hasMore = body.get("has_more");
            cursor = hasMore != null && hasMore.asBoolean(false) ? ProviderApi.text(body, "next_cursor") : null;
        }
    }

    private static CallEnded callEnded(String tenantId, String conversationId, JsonNode conversation, Instant now) {
        Long start = ProviderApi.number(conversation, "start_time_unix_secs");
        Instant startedAt = start == null ? null : Instant.ofEpochSecond(start);
        Long duration = ProviderApi.number(conversation, "call_duration_secs");
        Integer durationSeconds = duration == null || duration < 0 || duration > Integer.MAX_VALUE ? null
                : duration.intValue();
        Instant endedAt = startedAt != null && durationSeconds != null ? startedAt.plusSeconds(durationSeconds) : now;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("status", "done");
        metadata.put(SOURCE_KEY, SOURCE_VALUE);
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.ELEVENLABS, conversationId))
                .setProvider(Provider.ELEVENLABS)
                .setProviderCallId(conversationId)
                .setProviderRecordingId(conversationId)
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt)
                .setDurationSeconds(durationSeconds)
                .setDirection(DIRECTIONS.getOrDefault(
                        String.valueOf(ProviderApi.text(conversation, "direction")).toLowerCase(Locale.ROOT),
                        CallDirection.UNKNOWN))
                .setAgentId(ProviderApi.text(conversation, "agent_id"))
                .setRecordingAvailable(true)
                .setMetadata(metadata)
                .build();
    }

    private Optional<String> apiKey(String tenantId) {
        return tenants.of(tenantId, "elevenlabs", ApiKey.class).map(ApiKey::apiKey)
                .filter(key -> key != null && !key.isBlank());
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
