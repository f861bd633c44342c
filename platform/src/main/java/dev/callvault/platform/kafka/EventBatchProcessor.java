package dev.callvault.platform.kafka;

import dev.callvault.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The one way CallVault's consumers apply events: a poll at a time, idempotently, in one database transaction, with
 * dead letters for invalid records only. A batch listener (spring-kafka reference, "Batch Listeners", on a container
 * factory from {@link BatchListeners#containerFactory}) hands each poll to {@link #process}, which:
 * <ol>
 *   <li>sets aside records that can never apply: undecodable ones (the {@code ErrorHandlingDeserializer}'s exception
 *       header; spring-kafka leaves that check to a batch listener), events of a type that is not published on the
 *       record's topic ({@link Topics#of}), events without id, and events the handler's
 *       {@link EventBatchHandler#validate} refuses; skips tombstones (a {@code null} value without that header);</li>
 *   <li>in one transaction, claims the remaining events' ids in the processed-event table ({@link ProcessedEvents},
 *       one statement) and hands the new ones, in poll order, to {@link EventBatchHandler#apply}; an id seen before
 *       counts as {@code duplicate};</li>
 *   <li>after the commit, calls {@link EventBatchHandler#committed} and counts every event in the counter
 *       {@code <metric>{type, outcome}};</li>
 *   <li>if the transaction failed on an invalid event ({@link NonRetryableEventException} or a configured class),
 *       applies the events again one per transaction, so that exactly the invalid ones are set aside;</li>
 *   <li>publishes the set-aside records to {@code <topic>-dlt} ({@link DeadLetters#recoverer}, waiting for the
 *       broker), counted as {@code dead_lettered}.</li>
 * </ol>
 * The container commits the poll's offsets once {@code process} returned (ack mode {@code BATCH}), that is after the
 * database commit and the dead letters. Any other failure (database or broker down, a concurrent insert of the same
 * row) propagates unchanged: the container's error handler ({@link BatchListeners#errorHandler}) calls the listener
 * again with the same poll, with back-off and without a time limit, while {@link ConsumerFailures} reports the
 * listener's consumer ({@code <listener>@<thread>}) DOWN. Events applied before such a failure are recognised by their ids on the retry.
 *
 * <p>Order: a poll holds each partition's records in offset order and they are applied in that order, so the events
 * of one recording (one key, one partition) are applied in the order they were published.
 */
public class EventBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventBatchProcessor.class);
    private static final LogAccessor headerLog = new LogAccessor(EventBatchProcessor.class);

    private final String listenerId;
    private final String groupId;
    private final TransactionOperations transactions;
    private final ProcessedEvents processedEvents;
    private final ConsumerRecordRecoverer deadLetters;
    private final ConsumerFailures failures;
    private final MeterRegistry meters;
    private final String metric;
    private final List<Class<? extends Throwable>> invalid;

    /**
     * @param listenerId      the listener, for logs, the health component and dead-letter headers
     * @param groupId         its consumer group ({@code kafka_dlt-original-consumer-group} of its dead letters)
     * @param transactions    the service's transactions (a {@code TransactionTemplate})
     * @param processedEvents the listener's processed-event table, or {@code null} where the handler's own inserts
     *                        are idempotent ({@code ON CONFLICT (event_id) DO NOTHING})
     * @param deadLetters     {@link DeadLetters#recoverer}
     * @param failures        where failures that may pass are reported
     * @param meters          the registry of the consumed-events counter
     * @param metric          the counter's name, e.g. {@code callvault.catalog.events}
     * @param invalid         exception classes, besides {@link NonRetryableEventException}, that mean an event can
     *                        never apply (e.g. a constraint violation where rows carry the event as it is)
     */
    @SafeVarargs
    public EventBatchProcessor(String listenerId, String groupId, TransactionOperations transactions,
            ProcessedEvents processedEvents, ConsumerRecordRecoverer deadLetters, ConsumerFailures failures,
            MeterRegistry meters, String metric, Class<? extends Throwable>... invalid) {
        this.listenerId = listenerId;
        this.groupId = groupId;
        this.transactions = transactions;
        this.processedEvents = processedEvents;
        this.deadLetters = deadLetters;
        this.failures = failures;
        this.meters = meters;
        this.metric = metric;
        List<Class<? extends Throwable>> classes = new ArrayList<>(List.of(invalid));
        classes.add(NonRetryableEventException.class);
        this.invalid = List.copyOf(classes);
    }

    /**
     * Applies one poll.
     *
     * @param records the poll's records, in the order the consumer returned them
     * @param handler what the service does with the events
     * @throws RuntimeException a failure that may pass, for the container's error handler to retry the poll
     */
    public void process(List<ConsumerRecord<String, SpecificRecord>> records, EventBatchHandler handler) {
        List<ConsumedEvent> valid = new ArrayList<>(records.size());
        List<Refused> refused = new ArrayList<>();
        for (ConsumerRecord<String, SpecificRecord> record : records) {
            DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, headerLog);
            if (undecodable != null) {
                refused.add(new Refused(record, "undecodable", undecodable));
                continue;
            }
            if (record.value() == null) {
                // a tombstone on a compacted topic removes the key from the log; what was applied stays
                log.debug("{}: skipping the tombstone of key {} at {}-{}@{}", listenerId, record.key(),
                        record.topic(), record.partition(), record.offset());
                continue;
            }
            ConsumedEvent event = new ConsumedEvent(record, record.value());
            try {
                String home = Topics.of(event.event().getClass());
                if (home == null || !home.equals(record.topic())) {
                    throw new NonRetryableEventException(event.type() + " does not belong on " + record.topic());
                }
                if (event.eventId() == null) {
                    throw new NonRetryableEventException(event.type() + " at " + record.topic() + "-"
                            + record.partition() + "@" + record.offset() + " has no eventId");
                }
                handler.validate(event);
                valid.add(event);
            } catch (RuntimeException e) {
                if (!isInvalid(e)) {
                    throw e;
                }
                refused.add(new Refused(record, event.type(), e));
            }
        }
        try {
            applyBatch(valid, handler, refused);
            for (Refused refusal : refused) {
                deadLetters.accept(refusal.record(), new ListenerExecutionFailedException("Listener " + listenerId
                        + " refused the record", groupId, refusal.reason()));
                count(refusal.type(), "dead_lettered", 1);
            }
        } catch (RuntimeException e) {
            failures.failed(consumerName(), e);
            log.warn("{}: a batch of {} records failed and will be retried: {}", listenerId, records.size(),
                    rootMessage(e));
            throw e;
        }
        failures.succeeded(consumerName());
        log.debug("{}: {} records, {} events applied or known, {} dead-lettered", listenerId, records.size(),
                valid.size(), refused.size());
    }

    /** Applies the events in one transaction, or, if one of them is invalid, one transaction each. */
    private void applyBatch(List<ConsumedEvent> events, EventBatchHandler handler, List<Refused> refused) {
        if (events.isEmpty()) {
            return;
        }
        try {
            applyInTransaction(events, handler);
        } catch (RuntimeException batchRefused) {
            if (!isInvalid(batchRefused)) {
                throw batchRefused;
            }
            if (events.size() == 1) {
                refused.add(new Refused(events.getFirst().record(), events.getFirst().type(), batchRefused));
                return;
            }
            log.debug("{}: a batch of {} events holds an invalid one, applying them one at a time: {}", listenerId,
                    events.size(), rootMessage(batchRefused));
            for (ConsumedEvent event : events) {
                try {
                    applyInTransaction(List.of(event), handler);
                } catch (RuntimeException eventRefused) {
                    if (!isInvalid(eventRefused)) {
                        throw eventRefused;
                    }
                    refused.add(new Refused(event.record(), event.type(), eventRefused));
                }
            }
        }
    }

    private void applyInTransaction(List<ConsumedEvent> events, EventBatchHandler handler) {
        Result result = transactions.execute(status -> {
            Set<UUID> fresh = processedEvents == null ? null : processedEvents.claim(events);
            List<ConsumedEvent> toApply = new ArrayList<>(events.size());
            Set<UUID> taken = new HashSet<>();
            for (ConsumedEvent event : events) {
                if (fresh == null || (fresh.contains(event.eventId()) && taken.add(event.eventId()))) {
                    toApply.add(event);
                }
            }
            List<String> outcomes = toApply.isEmpty() ? List.of() : handler.apply(toApply);
            if (outcomes.size() != toApply.size()) {
                throw new IllegalStateException(listenerId + " returned " + outcomes.size() + " outcomes for "
                        + toApply.size() + " events");
            }
            return new Result(toApply, outcomes);
        });
        handler.committed(result.applied(), result.outcomes());
        for (int i = 0; i < result.applied().size(); i++) {
            count(result.applied().get(i).type(), result.outcomes().get(i), 1);
        }
        Set<ConsumedEvent> applied = Collections.newSetFromMap(new IdentityHashMap<>());
        applied.addAll(result.applied());
        for (ConsumedEvent event : events) {
            if (!applied.contains(event)) {
                count(event.type(), "duplicate", 1);
            }
        }
    }

    /**
     * The listener and its consumer thread ({@code catalog@kafka-2}): each of a listener's consumers retries its own
     * poll, so one that succeeds must not clear another's failure.
     */
    private String consumerName() {
        return listenerId + "@" + Thread.currentThread().getName();
    }

    private boolean isInvalid(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> type : invalid) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void count(String type, String outcome, int amount) {
        Counter.builder(metric)
                .description("Events consumed, by event type and outcome")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(meters)
                .increment(amount);
    }

    private static String rootMessage(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private record Result(List<ConsumedEvent> applied, List<String> outcomes) {
    }

    private record Refused(ConsumerRecord<String, SpecificRecord> record, String type, Exception reason) {
    }
}
