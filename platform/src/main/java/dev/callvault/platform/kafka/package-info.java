/**
 * How every CallVault service uses Kafka: the broker's component of {@code /actuator/health}, publishing that waits
 * for the broker's acknowledgement ({@link dev.callvault.platform.kafka.AcknowledgedPublisher}), dead letters ({@link
 * dev.callvault.platform.kafka.DeadLetters}), and the one consumer mechanism ({@link
 * dev.callvault.platform.kafka.EventBatchProcessor}: a poll at a time, idempotent through a processed-event table,
 * one transaction per poll, dead letters for invalid records only, failures that may pass retried without limit).
 */
package dev.callvault.platform.kafka;
