/** Acknowledged publishing of {@code CallEnded} events, the ingest's topics and the broker health check. */
package dev.callvault.ingest.publishing;
