package dev.callvault.storage.backfill;

import java.time.Instant;

/**
 * The optional JSON body of {@code POST /v1/admin/backfill}.
 *
 * @param since only recordings whose call ended at or after this ISO-8601 instant, or {@code null} for all
 */
record BackfillRequest(Instant since) {
}
