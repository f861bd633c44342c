/** Event types of the contract (generated from {@code src/main/avro}), topic names, recording ids and object keys. */
package dev.callvault.events;
