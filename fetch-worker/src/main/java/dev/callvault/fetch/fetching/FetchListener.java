package dev.callvault.fetch.fetching;

import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code CallEnded} and {@code FetchRequested} (consumer group {@code fetch-worker}), fetches each recording
 * on the listener thread and publishes the outcome before the record's offset is committed (AckMode RECORD).
 */
@Component
class FetchListener {

    private static final Logger log = LoggerFactory.getLogger(FetchListener.class);

    private final RecordingFetcher fetcher;
    private final OutcomePublisher publisher;

    FetchListener(RecordingFetcher fetcher, OutcomePublisher publisher) {
        this.fetcher = fetcher;
        this.publisher = publisher;
    }

    @KafkaListener(id = "fetch-worker", groupId = "fetch-worker",
            topics = {Topics.CALL_ENDED, Topics.FETCH_REQUESTED},
            concurrency = "${callvault.fetch.concurrency:3}")
    void onEvent(ConsumerRecord<String, SpecificRecord> record) {
        switch (record.value()) {
            case null -> log.debug("Tombstone at {}-{}@{} skipped", record.topic(), record.partition(),
                    record.offset());
            case CallEnded callEnded when !callEnded.getRecordingAvailable() -> {
                FetchJob job = FetchJob.of(callEnded);
                log.info("Recording {} is unavailable at {} ({}); nothing to fetch", job.recordingId(),
                        job.provider(), callEnded.getUnavailableReason());
                publisher.skipped(job);
            }
            case CallEnded callEnded -> handle(FetchJob.of(callEnded));
            case FetchRequested fetchRequested -> handle(FetchJob.of(fetchRequested));
            default -> throw new UnexpectedEventException(record.topic(), record.value().getSchema().getFullName());
        }
    }

    private void handle(FetchJob job) {
        publisher.publish(job, fetcher.fetch(job));
    }
}
