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
 * </ul>
 */
final class ProviderListings {

    /** Duration of the served fixtures (about 8 seconds), reported as the recordings' duration. */
    static final int DURATION_SECONDS = 8;

    private final String twilioAccountSid;
    private final Map<String, Instant> twilioRecordings = new ConcurrentHashMap<>();
    private final Map<String, Instant> conversations = new ConcurrentHashMap<>();

    /**
     * @param twilioAccountSid      the tenant's Twilio account
     * @param missedTwilioRecordings RecordingSids whose webhook never came
     * @param missedConversations   ElevenLabs conversation ids whose webhook never came
     * @param now                   the simulator's start: their creation time
     */
    ProviderListings(String twilioAccountSid, List<String> missedTwilioRecordings, List<String> missedConversations,
            Instant now) {
        this.twilioAccountSid = twilioAccountSid;
        Instant created = now.truncatedTo(ChronoUnit.SECONDS);
        missedTwilioRecordings.forEach(sid -> twilioRecordings.put(sid, created));
        missedConversations.forEach(id -> conversations.put(id, created));
    }

    /** Remembers a Twilio recording whose audio was served. */
    void servedTwilio(String recordingSid, Instant now) {
        twilioRecordings.putIfAbsent(recordingSid, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Remembers an ElevenLabs conversation whose audio was served. */
    void servedConversation(String conversationId, Instant now) {
        conversations.putIfAbsent(conversationId, now.truncatedTo(ChronoUnit.SECONDS));
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
