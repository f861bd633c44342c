/**
 * What every service shares about Kafka: the broker's component of {@code /actuator/health}, publishing that waits
 * for the broker's acknowledgement ({@link dev.callvault.platform.kafka.AcknowledgedPublisher}), and dead letters.
 */
package dev.callvault.platform.kafka;
