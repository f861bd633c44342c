/** Kafka plumbing: the error handler with dead letters and back-off, owned topics, and the broker health check. */
package dev.callvault.storage.messaging;
