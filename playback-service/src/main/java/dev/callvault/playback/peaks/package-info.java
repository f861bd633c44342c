/**
 * The waveform peaks of a recording over the dashboards' JWT ({@code GET /v1/recordings/{recordingId}/peaks}):
 * media-worker's audiowaveform JSON, served only while it was derived from the recording's current object, and
 * audited like a stream (action {@code PEAKS}).
 */
package dev.callvault.playback.peaks;
