/** ElevenLabs post-call webhooks: streamed HMAC check, streaming parse and mapping to {@code CallEnded}. */
package dev.callvault.ingest.elevenlabs;
