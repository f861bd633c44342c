package dev.callvault.playback.readmodel;

import dev.callvault.platform.kafka.NonRetryableEventException;
import java.util.UUID;

/** An event names a tenant other than the one that owns the recording; it is dead-lettered, never applied. */
class TenantMismatchException extends NonRetryableEventException {

    TenantMismatchException(UUID recordingId, String eventTenant) {
        super("recording " + recordingId + " belongs to another tenant than the event's (" + eventTenant + ")");
    }
}
