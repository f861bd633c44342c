package dev.callvault.storage.backfill;

/**
 * The answer of {@code POST /v1/admin/backfill}: {@code {"requested": n}}.
 *
 * @param requested fetch requests published and acknowledged by the broker
 */
record BackfillResponse(long requested) {
}
