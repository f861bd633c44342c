package dev.callvault.storage.uploads;

import java.util.UUID;

/**
 * The application event of an upload whose catalog entry was just written: published in that entry's transaction,
 * so Spring Modulith's event publication registry stores it (table {@code event_publication}, as JSON) atomically
 * with the entry, and {@link UploadAnnouncer} turns it into the {@code RecordingStored} on Kafka after the commit,
 * or again after a crash or a broker outage ({@link UploadAnnouncementResubmission}). Issue 14, item 12.
 *
 * <p>It carries identities only; the announced facts are read from the catalog entry when the event is sent.
 *
 * @param recordingId the uploaded recording
 * @param tenantId    its tenant
 * @param eventId     the id of its {@code RecordingStored}: the same on every resubmission, so consumers see one fact
 * @param uploadedBy  the uploader's subject ({@code RecordingStored.uploadedBy})
 */
public record RecordingUploaded(UUID recordingId, String tenantId, UUID eventId, String uploadedBy) {
}
