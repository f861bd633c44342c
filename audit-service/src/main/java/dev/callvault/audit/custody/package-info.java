/** Chain of custody: append-only lifecycle rows, their idempotent consumer, and the per-recording timeline. */
package dev.callvault.audit.custody;
