package dev.callvault.audit.messaging;

import dev.callvault.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

/**
 * Dead-letters single records of a batch from inside a batch listener, so that the rest of the batch is recorded in
 * the same transaction and committed with it. The record goes to {@code <topic>-dlt} on its source partition, exactly
 * as the error handler of {@link KafkaConfiguration} would send it after a failure of a record listener: spring-kafka's
 * {@link DeadLetterPublishingRecoverer} (spring-kafka reference, "Publishing Dead-letter Records") writes the original
 * bytes (of an undecodable record: the raw value kept by the {@code ErrorHandlingDeserializer}) and the
 * {@code kafka_dlt-*} headers, with the reason as a {@link ListenerExecutionFailedException} of consumer group
 * {@value ConsumerProperties#GROUP_ID} (so {@code kafka_dlt-exception-cause-fqcn} names the reason's class, and
 * {@code kafka_dlt-original-consumer-group} the group).
 */
@Component
public class DeadLetterPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetterPublisher(KafkaOperations<?, ?> kafkaTemplate) {
        this.recoverer = new DeadLetterPublishingRecoverer(kafkaTemplate,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
    }

    /**
     * Publishes a record to its dead-letter topic and waits until the broker acknowledged it (at most 30 s, the
     * recoverer's default), logging it at WARN with topic, partition, offset, key and reason — never the value.
     *
     * @param listenerId the listener that refuses the record (goes into the exception message header)
     * @param record     the record as consumed
     * @param reason     why it can never be processed: a {@link NonRetryableEventException}, a
     *                   {@code DeserializationException}, a constraint violation
     * @throws org.springframework.kafka.KafkaException if the broker did not acknowledge the dead letter (the caller
     *                                                  lets its error handler retry the batch)
     */
    public void publish(String listenerId, ConsumerRecord<?, ?> record, Exception reason) {
        log.warn("dead-lettering {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(), record.offset(),
                record.key(), Topics.deadLetter(record.topic()), rootMessage(reason));
        recoverer.accept(record, null, new ListenerExecutionFailedException("Listener " + listenerId
                + " refused the record", ConsumerProperties.GROUP_ID, reason));
    }

    private static String rootMessage(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
