package dev.callvault.storage.reconciliation;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.platform.tenants.TenantCredentials;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Telnyx's "List all call recordings" (https://developers.telnyx.com/api-reference/call-recordings/list-all-call-recordings):
 * {@code GET {api-base-url}/v2/recordings?filter[created_at][gte]=<ISO 8601 UTC>&page[number]=N&page[size]=250}
 * (brackets percent-encoded) with {@code Authorization: Bearer <api key>}. The body is
 * {@code {"data": [...], "meta": {"page_number", "page_size", "total_pages", "total_results"}}}; pages are numbered
 * from 1 and followed until {@code page_number >= total_pages} or a page without recordings.
 *
 * <p>Only {@code status=completed} recordings are finished; each becomes the {@code CallEnded} that ingest-service builds
 * from a {@code call.recording.saved} webhook: recording id {@code id} ({@code [A-Za-z0-9-]{1,64}}, as fetch-worker
 * accepts; others are skipped and logged by id), call id {@code call_session_id} (else {@code call_control_id}),
 * account {@code connection_id} (the Call Control application), start {@code recording_started_at} and end
 * {@code recording_ended_at} (ISO 8601; end else {@code created_at}, else the run's time), duration
 * {@code duration_millis} in whole seconds, half up (else end - start), {@code channels} {@code single} = 1,
 * {@code dual} = 2, {@code from}/{@code to}; metadata {@code call_control_id}, {@code call_leg_id}. No recording URL
 * is set: the listing's {@code download_urls} are pre-signed for about ten minutes, so fetch-worker asks Telnyx's API
 * for the recording by its id ({@code GET /v2/recordings/{id}}) when it fetches.
 */
@Component
class TelnyxRecordingLister implements RecordingLister {

    /** Telnyx's largest {@code page[size]}. */
    static final int PAGE_SIZE = 250;

    /** The recording ids listed: Telnyx's are UUIDs; the same shape ingest-service and fetch-worker accept. */
    static final Pattern RECORDING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private static final Logger log = LoggerFactory.getLogger(TelnyxRecordingLister.class);

    private static final DateTimeFormatter TELNYX_FILTER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final TenantCredentials tenants;
    private final ProviderApi api;

    TelnyxRecordingLister(TenantCredentials tenants, ProviderApiProperties apis, HttpClient reconciliationHttpClient,
            JsonMapper json) {
        this.tenants = tenants;
        this.api = new ProviderApi("Telnyx", apis.telnyx().apiBaseUrl(), reconciliationHttpClient, json);
    }

    @Override
    public Provider provider() {
        return Provider.TELNYX;
    }

    @Override
    public boolean configuredFor(String tenantId) {
        return apiKey(tenantId).isPresent();
    }

    @Override
    public void listFinished(String tenantId, Instant since, Instant now, Consumer<List<CallEnded>> pages) {
        String authorization = "Bearer " + apiKey(tenantId).orElseThrow();
        String query = "/v2/recordings?" + encode("filter[created_at][gte]") + "=" + encode(TELNYX_FILTER.format(since))
                + "&" + encode("page[size]") + "=" + PAGE_SIZE + "&" + encode("page[number]") + "=";
        for (int page = 1; ; page++) {
            if (page > MAX_PAGES) {
                throw new ListingFailedException("Telnyx listing has more than " + MAX_PAGES + " pages");
            }
            JsonNode body = api.get(api.resolve(query + page), "Authorization", authorization);
            JsonNode recordings = body.get("data");
            if (recordings == null || !recordings.isArray()) {
                throw new ListingFailedException("Telnyx listing page without a data array");
            }
            List<CallEnded> finished = new ArrayList<>();
            for (JsonNode recording : recordings) {
                String id = ProviderApi.text(recording, "id");
                if (id == null || !"completed".equals(ProviderApi.text(recording, "status"))) {
                    continue;
                }
                if (!RECORDING_ID.matcher(id).matches()) {
                    log.warn("Skipping a Telnyx recording of tenant {} with a malformed id {}", tenantId,
                            printable(id));
                    continue;
                }
                finished.add(callEnded(tenantId, id, recording, now));
            }
            pages.accept(finished);
            JsonNode meta = body.get("meta");
            Long totalPages = meta == null ? null : ProviderApi.number(meta, "total_pages");
            Long pageNumber = meta == null ? null : ProviderApi.number(meta, "page_number");
            long current = pageNumber == null ? page : pageNumber;
            if (recordings.size() == 0 || totalPages == null || current >= totalPages) {
                return;
            }
        }
    }

    private static CallEnded callEnded(String tenantId, String id, JsonNode recording, Instant now) {
        Instant startedAt = instant(ProviderApi.text(recording, "recording_started_at"));
        Instant recordingEndedAt = instant(ProviderApi.text(recording, "recording_ended_at"));
        Instant createdAt = instant(ProviderApi.text(recording, "created_at"));
        Instant endedAt = recordingEndedAt != null ? recordingEndedAt : createdAt != null ? createdAt : now;
        String callSession = ProviderApi.text(recording, "call_session_id");
        String callControl = ProviderApi.text(recording, "call_control_id");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (callControl != null) {
            metadata.put("call_control_id", callControl);
        }
        String callLeg = ProviderApi.text(recording, "call_leg_id");
        if (callLeg != null) {
            metadata.put("call_leg_id", callLeg);
        }
        metadata.put(SOURCE_KEY, SOURCE_VALUE);
        return CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId(tenantId)
                .setRecordingId(RecordingIds.of(tenantId, Provider.TELNYX, id))
                .setProvider(Provider.TELNYX)
                .setProviderCallId(callSession != null ? callSession : callControl)
                .setProviderRecordingId(id)
                .setProviderAccountId(ProviderApi.text(recording, "connection_id"))
                .setRecordingUrl(null)
                .setCallStartedAt(startedAt)
                .setCallEndedAt(endedAt)
                .setDurationSeconds(durationSeconds(ProviderApi.number(recording, "duration_millis"), startedAt,
                        recordingEndedAt))
                .setChannels(channels(ProviderApi.text(recording, "channels")))
                .setDirection(CallDirection.UNKNOWN)
                .setFromNumber(ProviderApi.text(recording, "from"))
                .setToNumber(ProviderApi.text(recording, "to"))
                .setRecordingAvailable(true)
                .setMetadata(metadata)
                .build();
    }

    /** Whole seconds, half up, of {@code duration_millis}, else of end - start; unknown when neither is usable. */
    private static Integer durationSeconds(Long durationMillis, Instant startedAt, Instant endedAt) {
        Long millis = durationMillis != null && durationMillis >= 0 ? durationMillis
                : startedAt != null && endedAt != null && !endedAt.isBefore(startedAt)
                        ? Duration.between(startedAt, endedAt).toMillis() : null;
        if (millis == null) {
            return null;
        }
        long seconds = BigDecimal.valueOf(millis).movePointLeft(3).setScale(0, RoundingMode.HALF_UP).longValue();
        return seconds > Integer.MAX_VALUE ? null : (int) seconds;
    }

    private static Integer channels(String channels) {
        if (channels == null) {
            return null;
        }
        return switch (channels.toLowerCase(Locale.ROOT)) {
            case "single" -> 1;
            case "dual" -> 2;
            default -> null;
        };
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The id as logged: at most 80 characters, anything but printable ASCII replaced (no forged log lines). */
    private static String printable(String id) {
        String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Optional<String> apiKey(String tenantId) {
        return tenants.of(tenantId, "telnyx", ApiKey.class).map(ApiKey::apiKey)
                .filter(key -> key != null && !key.isBlank());
    }

    /**
     * A tenant's Telnyx API v2 key, {@code callvault.tenants.<id>.telnyx.api-key} (Bearer token).
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
