package dev.callvault.audit.messaging;

import dev.callvault.platform.kafka.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

/**
 * Dead-letters single records of a batch from inside a batch listener, so that the rest of the batch is recorded in
 * the same transaction and committed with it. It is the error handler's own recoverer ({@link DeadLetters#recoverer}:
 * {@code <topic>-dlt} on the source partition, original bytes, {@code kafka_dlt-*} headers, the WARN line), given the
 * reason as a {@link ListenerExecutionFailedException} of consumer group {@value ConsumerProperties#GROUP_ID}, so
 * {@code kafka_dlt-exception-cause-fqcn} names the reason's class and {@code kafka_dlt-original-consumer-group} the
 * group, as for a record listener's failure.
 */
@Component
public class DeadLetterPublisher {

    private final ConsumerRecordRecoverer recoverer;

    DeadLetterPublisher(KafkaOperations<?, ?> kafkaTemplate) {
        this.recoverer = DeadLetters.recoverer(kafkaTemplate);
    }

    /**
     * Publishes a record to its dead-letter topic and waits until the broker acknowledged it.
     *
     * @param listenerId the listener that refuses the record (goes into the exception message header)
     * @param record     the record as consumed
     * @param reason     why it can never be processed: a {@link NonRetryableEventException}, a
     *                   {@code DeserializationException}, a constraint violation
     * @throws org.springframework.kafka.KafkaException if the broker did not acknowledge the dead letter (the caller
     *                                                  lets its error handler retry the batch)
     */
    public void publish(String listenerId, ConsumerRecord<?, ?> record, Exception reason) {
        recoverer.accept(record, new ListenerExecutionFailedException("Listener " + listenerId
                + " refused the record", ConsumerProperties.GROUP_ID, reason));
    }
}
