/** Scenario 2: signed Twilio callbacks per second at saturation by wrk, beside the same JVM's liveness endpoint. */
package dev.callvault.bench.ingest;
