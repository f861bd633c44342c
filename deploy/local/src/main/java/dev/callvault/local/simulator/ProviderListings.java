package dev.callvault.local.simulator;

import dev.callvault.events.HttpDates;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the simulated providers list: the recordings the simulator served audio for (their webhooks came, the fetch
 * worker downloaded them) and the configured "missed" recordings whose webhook never came, so that storage-service's
 * reconciliation finds the latter. Each recording has the time it became known (served, or the simulator's start for
 * the missed ones), in whole seconds, as its creation time and call start; the filters include that instant.
 *
 * <p>Shapes, filters and paging follow the providers' list endpoints:
 * <ul>
 *   <li>Twilio, "Read multiple Recording resources"
 *       (https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources): filter
 *       {@code DateCreated>} (ISO-8601, what the SDKs send for {@code dateCreatedAfter}), {@code PageSize} (default 50,
 *       at most 1000), {@code Page}; body {@code {"recordings": [...], "next_page_uri": ..., ...}}, newest first,
 *       {@code date_created} and {@code start_time} in RFC 2822, {@code duration} a string of whole seconds.</li>
 *   <li>ElevenLabs, "List conversations" (https://elevenlabs.io/docs/api-reference/conversations/list): filter
 *       {@code call_start_after_unix}, {@code page_size} (default 30, at most 100), {@code cursor}; body
 *       {@code {"conversations": [...], "has_more": ..., "next_cursor": ...}}, newest first.</li>
 *   <li>Telnyx, "List all call recordings"
 *       (https://developers.telnyx.com/api-reference/call-recordings/list-all-call-recordings): filter
 *       {@code filter[created_at][gte]} (ISO 8601), {@code page[size]} (default 20, at most 250), {@code page[number]}
 *       (from 1); body {@code {"data": [...], "meta": {"page_number", "page_size", "total_pages", "total_results"}}},
 *       newest first, every recording {@code completed} and {@code dual}, times ISO 8601, {@code duration_millis} in
 *       milliseconds, {@code download_urls} pre-signed on the simulated storage.</li>
 * </ul>
 */
final class ProviderListings {

    /** Duration of the served fixtures (about 8 seconds), reported as the recordings' duration. */
    static final int DURATION_SECONDS = 8;

    /** The {@code connection_id} (Call Control application) of the simulated Telnyx recordings. */
    static final String TELNYX_CONNECTION_ID = "1684641123236054244";

    private final String twilioAccountSid;
    private final Map<String, Instant> twilioRecordings = new ConcurrentHashMap<>();
    private final Map<String, Instant> conversations = new ConcurrentHashMap<>();
    private final Map<String, Instant> telnyxRecordings = new ConcurrentHashMap<>();

    /**
     * @param twilioAccountSid      the tenant's Twilio account
     * @param missedTwilioRecordings RecordingSids whose webhook never came
     * @param missedConversations   ElevenLabs conversation ids whose webhook never came
     * @param missedTelnyxRecordings Telnyx recording ids whose webhook never came
     * @param now                   the simulator's start: their creation time
     */
    ProviderListings(String twilioAccountSid, List<String> missedTwilioRecordings, List<String> missedConversations,
            List<String> missedTelnyxRecordings, Instant now) {
        this.twilioAccountSid = twilioAccountSid;
        Instant created = now.truncatedTo(ChronoUnit.SECONDS);
        missedTwilioRecordings.forEach(sid -> twilioRecordings.put(sid, created));
        missedConversations.forEach(id -> conversations.put(id, created));
        missedTelnyxRecordings.forEach(id -> telnyxRecordings.put(id, created));
    }

    /** Remembers a Twilio recording whose audio was served. */
    void servedTwilio(String recordingSid, Instant now) {
        twilioRecordings.putIfAbsent(recordingSid, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Remembers an ElevenLabs conversation whose audio was served. */
    void servedConversation(String conversationId, Instant now) {
        conversations.putIfAbsent(conversationId, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Remembers a Telnyx recording whose record or audio was requested. */
    void servedTelnyx(String recordingId, Instant now) {
        telnyxRecordings.putIfAbsent(recordingId, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * @param path         the request path ({@code /2010-04-01/Accounts/{AccountSid}/Recordings.json})
     * @param createdAfter {@code DateCreated>} filter, or {@code null}
     * @param pageSize     page size
     * @param page         page number from 0
     * @return the JSON page
     */
    String twilioPage(String path, Instant createdAfter, int pageSize, int page) {
        List<Map.Entry<String, Instant>> matching = newestFirst(twilioRecordings, createdAfter);
        int from = Math.min(matching.size(), page * pageSize);
        int to = Math.min(matching.size(), from + pageSize);
        String filter = createdAfter == null ? "" : URLEncoder.encode("DateCreated>", StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(createdAfter.toString(), StandardCharsets.UTF_8) + "&";
        String next = to < matching.size()
                ? "\"" + path + "?" + filter + "PageSize=" + pageSize + "&Page=" + (page + 1) + "&PageToken=PA"
                        + (page + 1) + "\""
                : "null";
        String recordings = matching.subList(from, to).stream()
                .map(entry -> twilioRecording(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(","));
        return """
                {"recordings": [%s], "start": %d, "end": %d, "page": %d, "page_size": %d,
                 "first_page_uri": "%s?%sPageSize=%d&Page=0", "previous_page_uri": null, "next_page_uri": %s,
                 "uri": "%s?%sPageSize=%d&Page=%d"}
                """.formatted(recordings, from, Math.max(from, to - 1), page, pageSize, path, filter, pageSize, next,
                path, filter, pageSize, page);
    }

    /**
     * @param startedAfter {@code call_start_after_unix} filter, or {@code null}
     * @param pageSize     page size
     * @param offset       the cursor: how many were listed before
     * @return the JSON page
     */
    String conversationsPage(Instant startedAfter, int pageSize, int offset) {
        List<Map.Entry<String, Instant>> matching = newestFirst(conversations, startedAfter);
        int from = Math.min(matching.size(), offset);
        int to = Math.min(matching.size(), from + pageSize);
        boolean more = to < matching.size();
        String items = matching.subList(from, to).stream()
                .map(entry -> """
                        {"agent_id": "agent_demo", "agent_name": "Demo agent", "conversation_id": "%s",
                         "start_time_unix_secs": %d, "call_duration_secs": %d, "message_count": 6, "status": "done",
                         "call_successful": "success", "direction": "inbound"}"""
                        .formatted(entry.getKey(), entry.getValue().getEpochSecond(), DURATION_SECONDS))
                .collect(Collectors.joining(","));
        return """
                {"conversations": [%s], "has_more": %s, "next_cursor": %s}
                """.formatted(items, more, more ? "\"" + to + "\"" : "null");
    }

    /**
     * @param createdFrom {@code filter[created_at][gte]}, or {@code null}
     * @param pageSize    page size
     * @param pageNumber  page number from 1
     * @param base        {@code http://host:port} of the simulator, for the {@code download_urls}
     * @param signedAt    when the {@code download_urls} are signed
     * @return the JSON page
     */
    String telnyxPage(Instant createdFrom, int pageSize, int pageNumber, String base, Instant signedAt) {
        List<Map.Entry<String, Instant>> matching = newestFirst(telnyxRecordings, createdFrom);
        long fromIndex = (long) (pageNumber - 1) * pageSize;
        int from = (int) Math.min(matching.size(), fromIndex);
        int to = Math.min(matching.size(), from + pageSize);
        int totalPages = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        String items = matching.subList(from, to).stream()
                .map(entry -> telnyxRecording(entry.getKey(), entry.getValue(), base, signedAt))
                .collect(Collectors.joining(","));
        return """
                {"data": [%s], "meta": {"page_number": %d, "page_size": %d, "total_pages": %d, "total_results": %d}}
                """.formatted(items, pageNumber, pageSize, totalPages, matching.size());
    }

    private static String telnyxRecording(String id, Instant created, String base, Instant signedAt) {
        Instant ended = created.plusSeconds(DURATION_SECONDS);
        return """
                {"record_type": "recording", "id": "%s", "call_control_id": "v3:%s", "call_leg_id": "leg-%s",
                 "call_session_id": "session-%s", "connection_id": "%s", "channels": "dual", "status": "completed",
                 "source": "call", "recording_started_at": "%s", "recording_ended_at": "%s", "duration_millis": %d,
                 "from": "+15550100001", "to": "+15550100002", "created_at": "%s", "updated_at": "%s",
                 "download_urls": {"wav": "%s", "mp3": "%s"}}"""
                .formatted(id, id, id, id, TELNYX_CONNECTION_ID, created, ended, DURATION_SECONDS * 1000L, created,
                        ended, ProviderSimulator.telnyxStorageUrl(base, id, "wav", signedAt),
                        ProviderSimulator.telnyxStorageUrl(base, id, "mp3", signedAt));
    }

    private String twilioRecording(String sid, Instant created) {
        String date = HttpDates.formatTwilio(created);
        String callSid = "CA" + sid.substring(2);
        return """
                {"account_sid": "%s", "api_version": "2010-04-01", "call_sid": "%s", "conference_sid": null,
                 "date_created": "%s", "date_updated": "%s", "start_time": "%s", "duration": "%d", "sid": "%s",
                 "price": null, "price_unit": "USD", "status": "completed", "channels": 2, "source": "RecordVerb",
                 "error_code": null, "uri": "/2010-04-01/Accounts/%s/Recordings/%s.json", "media_url": null}"""
                .formatted(twilioAccountSid, callSid, date, date, date, DURATION_SECONDS, sid, twilioAccountSid, sid);
    }

    private static List<Map.Entry<String, Instant>> newestFirst(Map<String, Instant> recordings, Instant after) {
        return recordings.entrySet().stream()
                .filter(entry -> after == null || !entry.getValue().isBefore(after))
                .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }
}
