/** Scenario 3: calls through the whole system, webhook to AVAILABLE, and the catalog as storage-service reports it. */
package dev.callvault.bench.pipeline;
