package dev.callvault.audit.log;

import java.util.List;

/**
 * The JSON of {@code GET /v1/audit-events}: one page of access events, newest first.
 *
 * @param items      the events of this page
 * @param page       page number, from 0
 * @param size       page size asked for
 * @param totalItems events matching the filters
 * @param totalPages pages of {@code size} events
 */
public record AuditEventPage(List<AuditEventResponse> items, int page, int size, long totalItems, long totalPages) {

    static AuditEventPage of(List<AuditEventResponse> items, int page, int size, long totalItems) {
        return new AuditEventPage(items, page, size, totalItems, (totalItems + size - 1) / size);
    }
}
