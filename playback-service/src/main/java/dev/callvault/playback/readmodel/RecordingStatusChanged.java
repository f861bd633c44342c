package dev.callvault.playback.readmodel;

import java.util.UUID;

/**
 * Published (as a Spring application event, after the read model's transaction committed) when a recording's status
 * changed.
 *
 * @param tenantId    the owning tenant
 * @param recordingId the recording
 * @param status      its new status
 */
public record RecordingStatusChanged(String tenantId, UUID recordingId, RecordingStatus status) {
}
