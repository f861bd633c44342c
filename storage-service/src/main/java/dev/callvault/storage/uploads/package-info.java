/**
 * Direct uploads of recordings by recorders that hold the audio themselves: {@code POST /v1/recordings} (one
 * streamed multipart request) and {@code /v1/uploads} (tus 1.0, resumable), both ending in a catalog entry
 * {@code AVAILABLE} with provider {@code UPLOAD} and a {@code RecordingStored} event.
 */
package dev.callvault.storage.uploads;
