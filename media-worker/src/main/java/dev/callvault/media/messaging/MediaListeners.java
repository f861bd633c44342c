package dev.callvault.media.messaging;

import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.media.processing.RecordingProcessor;
import dev.callvault.platform.kafka.NonRetryableEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The record listeners of media-worker, consumer group {@code media-worker}: each record is processed on its
 * listener thread and its offset committed once it returned (ack mode {@code RECORD}), so a record is done only
 * after its fact was acknowledged by the broker. Records of one recording are on one partition and so in order.
 */
@Component
class MediaListeners {

    private final RecordingProcessor processor;

    MediaListeners(RecordingProcessor processor) {
        this.processor = processor;
    }

    @KafkaListener(id = "media-worker-recording-stored", idIsGroup = false, topics = Topics.RECORDING_STORED)
    void onRecordingStored(ConsumerRecord<String, Object> record) {
        if (record.value() == null) {
            return; // a compaction tombstone (null value) carries no recording
        }
        if (!(record.value() instanceof RecordingStored stored)) {
            throw new NonRetryableEventException("not a RecordingStored: " + typeOf(record.value()));
        }
        processor.process(stored);
    }

    @KafkaListener(id = "media-worker-recording-deleted", idIsGroup = false, topics = Topics.RECORDING_DELETED)
    void onRecordingDeleted(ConsumerRecord<String, Object> record) {
        if (record.value() == null) {
            return;
        }
        if (!(record.value() instanceof RecordingDeleted deleted)) {
            throw new NonRetryableEventException("not a RecordingDeleted: " + typeOf(record.value()));
        }
        processor.delete(deleted);
    }

    private static String typeOf(Object value) {
        return value.getClass().getSimpleName();
    }
}
