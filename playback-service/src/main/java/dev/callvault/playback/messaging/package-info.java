/** Kafka plumbing: producer serializers, the consumers' error handler with dead letters, and the owned topics. */
package dev.callvault.playback.messaging;
