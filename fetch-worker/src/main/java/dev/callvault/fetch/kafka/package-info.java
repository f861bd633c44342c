/** Kafka wiring: declared topics, serializers, dead letters and the consumer error handling. */
package dev.callvault.fetch.kafka;
