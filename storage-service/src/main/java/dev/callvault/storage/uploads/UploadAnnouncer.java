package dev.callvault.storage.uploads;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.storage.catalog.CallDetails;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingStatus;
import dev.callvault.storage.catalog.StoredObject;
import dev.callvault.storage.catalog.UploadedRecordings;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Announces an uploaded recording: for a {@link RecordingUploaded}, once its transaction has committed, publishes the
 * {@code RecordingStored} built from the catalog entry and waits for the broker's acknowledgement
 * ({@code callvault.storage.uploads.publish-timeout}).
 *
 * <p>A transactional event listener, so Spring Modulith's event publication registry records its publication in the
 * upload's transaction and marks it complete (deletes it) only when this method returns. A crash after the commit,
 * a broker that does not acknowledge, or any exception here leaves the publication incomplete; it is resubmitted on
 * the next start ({@code spring.modulith.events.republish-outstanding-events-on-restart}) and by
 * {@link UploadAnnouncementResubmission}. Every resubmission sends the same event id, so the consumers (storage's own
 * catalog, playback's read model, audit's custody timeline) apply it once. An entry deleted (or gone) before its
 * announcement is not announced: its {@code RecordingDeleted} says the rest.
 *
 * <p>The registry names the listener by this method's signature ({@code listener_id}): renaming it leaves earlier
 * incomplete publications without a listener.
 */
@Component
class UploadAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(UploadAnnouncer.class);

    private final UploadedRecordings catalog;
    private final AcknowledgedPublisher publisher;
    private final UploadProperties properties;

    UploadAnnouncer(UploadedRecordings catalog, AcknowledgedPublisher publisher, UploadProperties properties) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.properties = properties;
    }

    /**
     * @param uploaded the upload whose catalog entry committed
     * @throws dev.callvault.platform.kafka.PublishFailedException if the broker did not acknowledge in time (the
     *                                                              publication stays incomplete)
     */
    @TransactionalEventListener
    void announce(RecordingUploaded uploaded) {
        Optional<Recording> entry = catalog.find(uploaded.recordingId())
                .filter(recording -> recording.getTenantId().equals(uploaded.tenantId()));
        if (entry.isEmpty() || entry.get().getStatus() != RecordingStatus.AVAILABLE) {
            log.info("upload of recording {} is not announced: its entry is {}", uploaded.recordingId(),
                    entry.map(recording -> recording.getStatus().name()).orElse("gone"));
            return;
        }
        RecordingStored event = recordingStored(entry.get(), uploaded);
        publisher.publish(new ProducerRecord<>(Topics.RECORDING_STORED, uploaded.recordingId().toString(), event),
                properties.publishTimeout());
        log.info("announced the upload of recording {} of tenant {} (event {})", uploaded.recordingId(),
                uploaded.tenantId(), uploaded.eventId());
    }

    /** @return the event of a stored upload, from its catalog entry (the facts the upload wrote there) */
    static RecordingStored recordingStored(Recording recording, RecordingUploaded uploaded) {
        StoredObject object = recording.getStoredObject();
        CallDetails call = recording.getCall();
        return RecordingStored.newBuilder()
                .setEventId(uploaded.eventId())
                .setOccurredAt(object.storedAt().truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(recording.getTenantId())
                .setRecordingId(recording.getId())
                .setProvider(Provider.UPLOAD)
                .setBucket(object.bucket())
                .setObjectKey(object.objectKey())
                .setContentType(object.contentType())
                .setSizeBytes(object.sizeBytes())
                .setSha256(object.sha256())
                .setDurationSeconds(call.durationSeconds())
                .setChannels(call.channels())
                .setCallEndedAt(call.callEndedAt() == null ? null : call.callEndedAt().truncatedTo(ChronoUnit.MILLIS))
                .setServerSideEncryption(object.serverSideEncryption())
                .setEncryptionKeyId(object.encryptionKeyId())
                .setUploadedBy(uploaded.uploadedBy())
                .build();
    }
}
