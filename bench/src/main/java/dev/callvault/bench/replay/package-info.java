/**
 * Scenario 4: call-ended replayed over stored recordings for fetch-worker's group: events/s, refetches, duplicates
 * (objects, catalog rows, custody timeline entries) and the re-emitted RecordingStored's consumers' catch-up.
 */
package dev.callvault.bench.replay;
