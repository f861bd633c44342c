/** Vapi end-of-call-report server messages: server secret check, recording host allowlist, mapping to {@code CallEnded}. */
package dev.callvault.ingest.vapi;
