/**
 * The access log: append-only {@code RecordingAccessed} rows, their idempotent batch consumer, and the audit-events
 * query.
 */
package dev.callvault.audit.log;
