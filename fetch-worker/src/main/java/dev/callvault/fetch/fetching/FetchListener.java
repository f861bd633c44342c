package dev.callvault.fetch.fetching;

import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.Topics;
import java.time.Clock;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code CallEnded} and {@code FetchRequested} (consumer group {@code fetch-worker}, and the same listener on
 * their retry topics), fetches each recording on the listener thread and publishes the outcome before the record's
 * offset is committed (AckMode RECORD).
 *
 * <p>A failure worth retrying ({@link RecordingFetcher#worthRetrying}) whose in-place retries are spent is published as
 * a retryable {@code RecordingFetchFailed} with the attempts so far and the time of the next delivery, then handed to
 * spring-kafka's next retry topic by a {@link RetryLaterException}; after the last retry topic the same event carries
 * no next attempt and the record goes to {@code <topic>-dlt}. Any other failure is final: published and committed.
 */
@Component
class FetchListener {

    private static final Logger log = LoggerFactory.getLogger(FetchListener.class);

    private final RecordingFetcher fetcher;
    private final OutcomePublisher publisher;
    private final RetrySchedule schedule;
    private final Clock clock = Clock.systemUTC();

    FetchListener(RecordingFetcher fetcher, OutcomePublisher publisher, RetrySchedule schedule) {
        this.fetcher = fetcher;
        this.publisher = publisher;
        this.schedule = schedule;
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
            case CallEnded callEnded -> handle(FetchJob.of(callEnded), record);
            case FetchRequested fetchRequested -> handle(FetchJob.of(fetchRequested), record);
            default -> throw new UnexpectedEventException(record.topic(), record.value().getSchema().getFullName());
        }
    }

    private void handle(FetchJob job, ConsumerRecord<String, SpecificRecord> record) {
        int earlierAttempts = DeliveryHeaders.earlierAttempts(record);
        switch (fetcher.fetch(job)) {
            case FetchOutcome.Stored stored -> publisher.stored(job, stored);
            case FetchOutcome.Deleted deleted -> publisher.deleted(job);
            case FetchOutcome.Failed failed -> {
                int attempts = earlierAttempts + failed.attempts();
                if (!fetcher.worthRetrying(failed.failure(), job)) {
                    publisher.failed(job, failed.failure(), attempts, null);
                    return;
                }
                Instant nextAttemptAt = schedule.delayAfter(DeliveryHeaders.delivery(record))
                        .map(clock.instant()::plus).orElse(null);
                publisher.failed(job, failed.failure(), attempts, nextAttemptAt);
                throw new RetryLaterException(job.recordingId(), attempts, failed.failure());
            }
        }
    }
}
