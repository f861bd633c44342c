package dev.callvault.playback.streaming;

import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.playback.readmodel.Recordings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's caches true to events that another instance's read-model consumer may be the one to apply:
 * the read-model consumer group shares the partitions out among instances, so each instance also reads
 * {@code recording-deleted} and {@code recording-stored} in a consumer group of its own
 * ({@code playback-service-cache-<random>}), from the end of the topics, committing nothing.
 *
 * <p>On {@code RecordingDeleted}: the recording is remembered as deleted (refused from the next request on, whatever
 * PostgreSQL says yet), its row and its bytes are dropped. On {@code RecordingStored}: its row is dropped, so a newly
 * available or re-stored recording is read afresh. A record it cannot read is logged and skipped: the read-model
 * consumer, which dead-letters it, is the one that owns it.
 */
@Component
class RecordingCacheInvalidation {

    /** Listener id, for the registry. */
    static final String LISTENER_ID = "playback-cache-invalidation";

    private static final Logger log = LoggerFactory.getLogger(RecordingCacheInvalidation.class);

    private final Recordings recordings;
    private final RecordingBytes bytes;

    RecordingCacheInvalidation(Recordings recordings, RecordingBytes bytes) {
        this.recordings = recordings;
        this.bytes = bytes;
    }

    @KafkaListener(id = LISTENER_ID, groupId = "playback-service-cache-#{T(java.util.UUID).randomUUID()}",
            topics = {Topics.RECORDING_DELETED, Topics.RECORDING_STORED},
            containerFactory = "cacheInvalidationContainerFactory",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=false"})
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        switch (record.value()) {
            case RecordingDeleted deleted -> {
                recordings.deleted(deleted.getRecordingId(), deleted.getOccurredAt());
                bytes.evict(deleted.getRecordingId());
                log.debug("dropped the cached row and bytes of deleted recording {}", deleted.getRecordingId());
            }
            case RecordingStored stored -> recordings.evict(stored.getRecordingId());
            case null -> log.debug("skipping an empty record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            default -> log.debug("skipping {} on {}", record.value().getSchema().getName(), record.topic());
        }
    }
}
