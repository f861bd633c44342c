/**
 * Scenario 2: signed Twilio callbacks per second by wrk with every service running, beside the same JVM's liveness
 * endpoint, and the fetch-worker backlog they leave.
 */
package dev.callvault.bench.ingest;
