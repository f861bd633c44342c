/** Scenario 4: call-ended replayed over stored recordings for fetch-worker's group: events/s, refetches, duplicates. */
package dev.callvault.bench.replay;
