/** The access log: append-only {@code RecordingAccessed} rows, their idempotent consumer, and the audit-events query. */
package dev.callvault.audit.log;
