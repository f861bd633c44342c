package dev.callvault.audit.custody;

import java.util.List;
import java.util.UUID;

/**
 * The JSON of {@code GET /v1/recordings/{recordingId}/custody}: one page of the recording's timeline, oldest first.
 *
 * @param recordingId the recording
 * @param items       the entries of this page
 * @param page        page number, from 0
 * @param size        page size asked for
 * @param totalItems  entries of the whole timeline
 * @param totalPages  pages of {@code size} entries
 */
public record CustodyTimeline(UUID recordingId, List<TimelineEntry> items, int page, int size, long totalItems,
        long totalPages) {
}
