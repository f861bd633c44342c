package dev.callvault.storage.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch of events and waits until the broker acknowledged every one of them (the producer is
 * {@code acks=all} and idempotent, see {@code application.yml}). The batch is sent at once, so its records travel
 * together; the wait is bounded.
 */
@Component
public class AcknowledgedPublisher {

    private final KafkaTemplate<String, SpecificRecord> kafka;

    /**
     * @param kafka the template whose value serializer writes Avro single-object encoding
     */
    public AcknowledgedPublisher(KafkaTemplate<String, SpecificRecord> kafka) {
        this.kafka = kafka;
    }

    /**
     * Sends every record, then waits for all acknowledgements.
     *
     * @param records the records (topic, key = recording id, Avro value); may be empty
     * @param timeout longest wait for the whole batch
     * @return how many records were acknowledged, always {@code records.size()}
     * @throws PublishFailedException if a record could not be sent or was not acknowledged within {@code timeout};
     *                                it tells how many of the batch were acknowledged nonetheless
     */
    public int publishAll(List<ProducerRecord<String, SpecificRecord>> records, Duration timeout) {
        List<CompletableFuture<SendResult<String, SpecificRecord>>> sent = new ArrayList<>(records.size());
        RuntimeException sendFailure = null;
        for (ProducerRecord<String, SpecificRecord> record : records) {
            try {
                sent.add(kafka.send(record));
            } catch (RuntimeException e) {
                // KafkaTemplate.send throws when the producer cannot get metadata within max.block.ms
                sendFailure = e;
                break;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable failure = sendFailure;
        for (CompletableFuture<SendResult<String, SpecificRecord>> future : sent) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException(acknowledged(sent), records.size(), e);
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (TimeoutException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw new PublishFailedException(acknowledged(sent), records.size(), failure);
        }
        return records.size();
    }

    private static int acknowledged(List<CompletableFuture<SendResult<String, SpecificRecord>>> sent) {
        return (int) sent.stream().filter(future -> future.isDone() && !future.isCompletedExceptionally()).count();
    }
}
