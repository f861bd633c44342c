/** Avro single-object encoding for Kafka, decoding every published schema version, and the schema compatibility gate. */
package dev.callvault.events.serde;
