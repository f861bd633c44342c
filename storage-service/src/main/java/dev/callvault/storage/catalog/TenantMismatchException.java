package dev.callvault.storage.catalog;

import dev.callvault.platform.kafka.NonRetryableEventException;
import java.util.UUID;

/**
 * An event names a tenant that does not own the existing catalog entry of its recording. Recording ids derive from
 * the provider's ids only, so this means a misrouted or forged event: it is refused, the transaction rolls back
 * (no catalog change, no {@code processed_event} row) and the record goes to its dead-letter topic for an operator.
 */
public class TenantMismatchException extends NonRetryableEventException {

    /**
     * @param recordingId the recording
     * @param eventTenant the tenant the event names
     */
    TenantMismatchException(UUID recordingId, String eventTenant) {
        super("recording " + recordingId + " does not belong to tenant " + eventTenant);
    }
}
