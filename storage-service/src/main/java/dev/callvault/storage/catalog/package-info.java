/** The recordings catalog: entity and state machine, idempotent event consumers, and the tenant-scoped REST API. */
package dev.callvault.storage.catalog;
