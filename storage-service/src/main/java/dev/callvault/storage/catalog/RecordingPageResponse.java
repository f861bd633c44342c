package dev.callvault.storage.catalog;

import java.util.List;

/**
 * The JSON of {@code GET /v1/recordings}: one page of entries, newest call first.
 *
 * @param items      the entries of this page
 * @param page       page number, from 0
 * @param size       page size asked for
 * @param totalItems entries matching the filters
 * @param totalPages pages of {@code size} entries
 */
record RecordingPageResponse(List<RecordingResponse> items, int page, int size, long totalItems, int totalPages) {
}
