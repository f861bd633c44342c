/**
 * Telnyx Call Control {@code call.recording.saved} webhooks: Ed25519 signature check over the raw body, recording host
 * allowlist, mapping to {@code CallEnded}.
 */
package dev.callvault.ingest.telnyx;
