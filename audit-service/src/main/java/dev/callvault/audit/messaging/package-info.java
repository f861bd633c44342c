/** Kafka plumbing: the listeners' error handler with dead letters and back-off, and the dead-letter topics. */
package dev.callvault.audit.messaging;
