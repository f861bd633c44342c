/**
 * Kafka plumbing: the listeners' error handler with dead letters and back-off, the batch container factory and the
 * dead-letter publisher of the access-event listener, and the dead-letter topics.
 */
package dev.callvault.audit.messaging;
