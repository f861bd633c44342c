package dev.callvault.storage.uploads;

import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Topics;
import dev.callvault.platform.audio.AudioFormat;
import dev.callvault.platform.audio.AudioSniffer;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.UploadedRecording;
import dev.callvault.storage.catalog.UploadedRecordings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an uploaded body into a recording, the same way for simple and resumable uploads: the first bytes are
 * sniffed and checked against what the uploader declared (415), the body streams into its object under
 * {@code ObjectKeys} while it is counted against the tenant's limit (413) and hashed, then the catalog entry is
 * written {@code AVAILABLE} (provider {@code UPLOAD}) in one transaction with the publication of its
 * {@code RecordingStored} (Spring Modulith's event publication registry), which {@link UploadAnnouncer} sends and
 * waits for after the commit. A crash or a broker outage between the commit and the acknowledgement delays the
 * announcement (resubmitted on restart and by {@link UploadAnnouncementResubmission}); it never loses it (issue 14,
 * item 12).
 *
 * <p>No upload ever replaces the object of an existing recording: right before the body is written the catalog is
 * asked again and the object's key looked up (one HEAD), and either refuses with 409. Concurrent uploads of one
 * call are kept apart by their upload rows' claim, and no other writer uses upload keys, so nothing can slip in
 * between the check and the write.
 *
 * <p>Nothing of a refused or failed upload is left: a failing body aborts the store's multipart upload, and a catalog
 * write that fails takes the object back. Once the entry committed the upload has succeeded (201), whether or not the
 * broker has acknowledged the announcement yet. The event's {@code uploadedBy} is the uploader's subject.
 */
@Service
class RecordingUploads {

    private static final Logger log = LoggerFactory.getLogger(RecordingUploads.class);

    private final UploadObjects objects;
    private final UploadedRecordings catalog;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final UploadProperties properties;
    private final Clock clock;

    RecordingUploads(UploadObjects objects, UploadedRecordings catalog, PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events, UploadProperties properties, Clock clock) {
        this.objects = objects;
        this.catalog = catalog;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Refuses an upload of a call that has a recording already.
     *
     * @param metadata the call
     * @throws UploadRefusedException 409 if the catalog has its recording
     */
    void requireNew(UploadMetadata metadata) {
        if (catalog.exists(metadata.recordingId())) {
            throw UploadRefusedException.conflict("call " + metadata.callId() + " has a recording already ("
                    + metadata.recordingId() + "); uploading it again is refused");
        }
    }

    /**
     * Stores a body as the call's recording.
     *
     * @param tenantId     the uploader's tenant
     * @param subject      the uploader's subject
     * @param metadata     the call
     * @param declaredType the declared media type, or {@code null}
     * @param fileName     the declared file name, or {@code null}
     * @param body         the bytes, read to their end (not closed)
     * @return the catalog entry, {@code AVAILABLE}
     * @throws UploadRefusedException 415, 413, 409, 507 or 503 as described above
     */
    Recording store(String tenantId, String subject, UploadMetadata metadata, String declaredType, String fileName,
            InputStream body) {
        AudioSniffer.Sniffed sniffed;
        try {
            sniffed = AudioSniffer.sniff(body);
        } catch (IOException e) {
            throw UploadRefusedException.unavailable("the upload's body could not be read", e);
        }
        AudioFormat format = UploadTypes.check(sniffed.format(), declaredType, fileName);
        UUID recordingId = metadata.recordingId();
        Instant keyDate = metadata.callEndedAt() != null ? metadata.callEndedAt() : clock.instant();
        String objectKey = ObjectKeys.of(tenantId, keyDate, recordingId, format.extension());
        // never overwrite: an existing recording (on legal hold or not) keeps its bytes however the upload was begun
        requireNew(metadata);
        if (objects.exists(objectKey)) {
            throw UploadRefusedException.conflict("call " + metadata.callId() + " has an object already ("
                    + metadata.recordingId() + "); it is never replaced");
        }
        UploadBody counted = new UploadBody(sniffed.body(), properties.maxSizeOf(tenantId));
        ObjectEncryption.Applied encryption = objects.put(objectKey, format.contentType(), counted, -1);
        return announce(tenantId, subject, metadata, objectKey, format, counted.count(), counted.sha256Hex(),
                encryption);
    }

    private Recording announce(String tenantId, String subject, UploadMetadata metadata, String objectKey,
            AudioFormat format, long sizeBytes, String sha256, ObjectEncryption.Applied encryption) {
        UUID eventId = UUID.randomUUID();
        Instant storedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UploadedRecording upload = new UploadedRecording(metadata.recordingId(), tenantId, metadata.callId(),
                metadata.callStartedAt(), metadata.callEndedAt(), metadata.durationSeconds(), metadata.channels(),
                metadata.direction(), metadata.agentId(), metadata.from(), metadata.to(), objects.bucket(), objectKey,
                format.contentType(), sizeBytes, sha256, encryption.mode().toEvent(), encryption.keyId(), storedAt);
        Recording recording;
        AtomicBoolean committed = new AtomicBoolean();
        try {
            // the entry and the publication of its RecordingStored commit together (Spring Modulith's registry);
            // UploadAnnouncer sends the event after the commit, a resubmission after a crash or an outage
            recording = transactions.execute(status -> {
                // registered first, so it runs before the announcement's listener does
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        committed.set(true);
                    }
                });
                Recording entry = catalog.record(upload, eventId, Topics.RECORDING_STORED).orElseThrow(() ->
                        // the upload row's claim keeps concurrent uploads of one call apart, so the entry predates
                        // the check
                        UploadRefusedException.conflict("call " + metadata.callId() + " has a recording already"));
                events.publishEvent(new RecordingUploaded(metadata.recordingId(), tenantId, eventId, subject));
                return entry;
            });
        } catch (RuntimeException e) {
            if (committed.get()) {
                // committed: what failed is the announcement after the commit, which stays registered and is sent
                // again; the upload itself succeeded
                log.warn("recording {} of tenant {} is stored but its RecordingStored is not acknowledged yet; it "
                        + "will be sent again: {}", metadata.recordingId(), tenantId, e.toString());
                return catalog.find(metadata.recordingId()).orElseThrow();
            }
            if (!(e instanceof UploadRefusedException)) {
                // nothing committed and no other entry: the object is this upload's alone (the checks above)
                objects.remove(objectKey);
            }
            throw e;
        }
        log.info("recording {} of tenant {} uploaded by {} ({} bytes, {})", metadata.recordingId(), tenantId,
                subject, sizeBytes, format.contentType());
        return recording;
    }
}
