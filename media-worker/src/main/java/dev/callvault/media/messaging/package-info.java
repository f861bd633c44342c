/**
 * media-worker's Kafka wiring and listeners: {@code recording-stored} and {@code recording-deleted} in consumer group
 * {@code media-worker}, record at a time, the topic it owns ({@code recording-analyzed}) and the dead-letter topics.
 */
package dev.callvault.media.messaging;
