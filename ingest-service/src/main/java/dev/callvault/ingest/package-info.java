/** The ingest service's entry point: provider webhooks in, acknowledged {@code CallEnded} events out. */
package dev.callvault.ingest;
