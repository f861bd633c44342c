package dev.callvault.storage.catalog;

import dev.callvault.events.Provider;
import dev.callvault.platform.kafka.ProcessedEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the entries of directly uploaded recordings: an uploaded recording's entry is written once its object is
 * complete, already {@code AVAILABLE}, together with the claim of the {@code RecordingStored} event that announces it
 * (and, in the caller's transaction, that event's publication: {@code uploads.UploadAnnouncer}). storage-service
 * consumes its own event too: the claimed event id makes that consumption a duplicate, and any later replay finds the
 * entry in the same state ({@code markStored} never goes backwards). No {@code CallEnded} ever comes for an upload;
 * the entry carries the uploader's call details instead.
 */
@Component
public class UploadedRecordings {

    private final RecordingRepository recordings;
    private final ProcessedEvents processedEvents;
    private final Clock clock;

    UploadedRecordings(RecordingRepository recordings, ProcessedEvents processedEvents, Clock clock) {
        this.recordings = recordings;
        this.processedEvents = processedEvents;
        this.clock = clock;
    }

    /**
     * @param recordingId a recording id
     * @return whether the catalog has an entry for it, of any tenant and in any status
     */
    @Transactional(readOnly = true)
    public boolean exists(UUID recordingId) {
        return recordings.existsById(recordingId);
    }

    /**
     * Writes an uploaded recording's entry, {@code AVAILABLE}, and claims the event id of its
     * {@code RecordingStored} on {@code topic}.
     *
     * @param upload  the recording
     * @param eventId the id of the {@code RecordingStored} that will announce it
     * @param topic   that event's topic
     * @return the entry, or empty if the recording has an entry already (nothing written)
     */
    @Transactional
    public Optional<Recording> record(UploadedRecording upload, UUID eventId, String topic) {
        if (recordings.findForUpdate(upload.recordingId()).isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        processedEvents.claim(eventId, topic);
        Recording recording = Recording.create(upload.recordingId(), upload.tenantId(), Provider.UPLOAD, now);
        recording.applyCallDetails(new CallDetails(upload.callId(), upload.callId(), null, upload.callStartedAt(),
                upload.callEndedAt(), upload.durationSeconds(), upload.channels(), upload.direction(),
                upload.agentId(), upload.fromNumber(), upload.toNumber(), Map.of()), now);
        recording.markStored(new StoredObject(upload.bucket(), upload.objectKey(), upload.contentType(),
                upload.sizeBytes(), upload.sha256(), upload.serverSideEncryption(), upload.encryptionKeyId(),
                upload.storedAt()), upload.durationSeconds(), upload.channels(), upload.callEndedAt(), now);
        recordings.saveAndFlush(recording);
        return Optional.of(recording);
    }

    /**
     * @param recordingId a recording id
     * @return its entry, of any tenant and in any status, or empty
     */
    @Transactional(readOnly = true)
    public Optional<Recording> find(UUID recordingId) {
        return recordings.findById(recordingId);
    }
}
