package dev.callvault.fetch.fetching;

import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code CallEnded} and {@code FetchRequested} (consumer group {@code fetch-worker}, and the same listener on
 * their retry topics) and hands each record's fetch to {@link InFlightFetches}, which runs it on a virtual thread
 * (records of one recording in order) and completes the returned future once the outcome is published and
 * acknowledged; only then is the record's offset committed (spring-kafka's asynchronous return types: manual,
 * out-of-order acknowledgements).
 *
 * <p>A failure worth retrying ({@link RecordingFetcher#worthRetrying}) whose in-place retries are spent is published as
 * a retryable {@code RecordingFetchFailed} with the attempts so far and the time of the next delivery, then handed to
 * spring-kafka's next retry topic by a {@link RetryLaterException} (the future completes with it); after the last retry
 * topic the same event carries no next attempt and the record goes to {@code <topic>-dlt}. Any other failure is
 * final: published and committed.
 */
@Component
class FetchListener {

    private static final Logger log = LoggerFactory.getLogger(FetchListener.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final RecordingFetcher fetcher;
    private final OutcomePublisher publisher;
    private final RetrySchedule schedule;
    private final InFlightFetches fetches;
    private final Clock clock = Clock.systemUTC();

    FetchListener(RecordingFetcher fetcher, OutcomePublisher publisher, RetrySchedule schedule,
            InFlightFetches fetches) {
        this.fetcher = fetcher;
        this.publisher = publisher;
        this.schedule = schedule;
        this.fetches = fetches;
    }

    @KafkaListener(id = "fetch-worker", groupId = "fetch-worker",
            topics = {Topics.CALL_ENDED, Topics.FETCH_REQUESTED},
            concurrency = "${callvault.fetch.concurrency:3}")
    CompletableFuture<Void> onEvent(ConsumerRecord<String, SpecificRecord> record) {
        try {
            return switch (record.value()) {
                case null -> {
                    log.debug("Tombstone at {}-{}@{} skipped", record.topic(), record.partition(), record.offset());
                    yield DONE;
                }
                case CallEnded callEnded when !callEnded.getRecordingAvailable() -> {
                    FetchJob job = FetchJob.of(callEnded);
                    log.info("Recording {} is unavailable at {} ({}); nothing to fetch", job.recordingId(),
                            job.provider(), callEnded.getUnavailableReason());
                    publisher.skipped(job);
                    yield DONE;
                }
                case CallEnded callEnded -> {
                    FetchJob job = FetchJob.of(callEnded);
                    yield fetches.submit(record.key(), () -> handle(job, record));
                }
                case FetchRequested fetchRequested -> {
                    FetchJob job = FetchJob.of(fetchRequested);
                    yield fetches.submit(record.key(), () -> handle(job, record));
                }
                default -> CompletableFuture.failedFuture(new UnexpectedEventException(record.topic(),
                        record.value().getSchema().getFullName()));
            };
        } catch (RuntimeException e) {
            // the container acts on the future only: a failure before it exists must travel in one
            return CompletableFuture.failedFuture(e);
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
