/**
 * The derivatives of recordings in the {@code recordings} bucket, next to each recording's object
 * ({@code ObjectKeys.derivativeOf}): waveform peaks at {@code <recording key without extension>.peaks.json}, the
 * Ogg Opus rendition at {@code <recording key without extension>.opus.ogg}.
 */
package dev.callvault.media.derivatives;
