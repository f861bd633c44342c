/**
 * Media analysis in the catalog: media-worker's {@code RecordingAnalyzed} facts, one row per recording
 * ({@code recording_analysis}), and their JSON in the catalog entry ({@code analysis}). Knows nothing of the catalog
 * entry itself; the catalog decides when an analysis applies to its entry.
 */
package dev.callvault.storage.analysis;
