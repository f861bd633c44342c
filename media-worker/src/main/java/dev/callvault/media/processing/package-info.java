/**
 * What media-worker does with each event: analyse a stored recording into its derivatives and its
 * {@code RecordingAnalyzed} fact ({@link dev.callvault.media.processing.RecordingProcessor}), delete the derivatives
 * of a deleted one.
 */
package dev.callvault.media.processing;
