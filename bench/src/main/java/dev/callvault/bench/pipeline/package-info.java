/**
 * Scenario 3: calls through the whole system, webhook to AVAILABLE in a burst and at a steady open-loop rate, the
 * object-store requests each new recording costs, and the catalog as storage-service reports it.
 */
package dev.callvault.bench.pipeline;
