package dev.callvault.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes events and returns only once the broker acknowledged them (every service's producer is {@code acks=all}
 * and idempotent), within a bounded wait. The one place where CallVault sends to Kafka and waits; declared as a bean
 * by {@link dev.callvault.platform.PlatformAutoConfiguration} wherever Spring Boot made a {@link KafkaTemplate}.
 *
 * <p>A wait starts before the first record is sent, so {@code send()} blocking for metadata or buffer space (at most
 * the producer's {@code max.block.ms}) counts against it. A {@code send()} that throws (the producer had no metadata
 * within {@code max.block.ms}) ends the batch: the records after it are not sent. The producer may still deliver a
 * record after a wait ended unless it gives up on its own first; a caller that must rule that out checks its timeout
 * once at startup with {@link #requireDeliveryEndsWithin(Duration, String)}.
 *
 * <p>It logs topics, partitions, offsets and counts, never a record's key or value (values carry phone numbers).
 */
public class AcknowledgedPublisher {

    /** Kafka's default {@code max.block.ms}, used when the producer configuration does not set it. */
    static final long DEFAULT_MAX_BLOCK_MS = 60_000;

    /** Kafka's default {@code delivery.timeout.ms}, used when the producer configuration does not set it. */
    static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    /** Added to {@link #producerBound()} by {@link #publish(ProducerRecord)}, so that the producer answers first. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(AcknowledgedPublisher.class);

    private final KafkaTemplate<String, SpecificRecord> kafka;

    /**
     * @param kafka the template (String keys, Avro event values) whose producer is {@code acks=all}
     */
    public AcknowledgedPublisher(KafkaTemplate<String, SpecificRecord> kafka) {
        this.kafka = kafka;
    }

    /**
     * Publishes one record and waits for its acknowledgement as long as the producer itself may take
     * ({@link #producerBound()}) plus one second: never forever, and never shorter than the producer's own bounds.
     *
     * @param record the record (topic, key, Avro value)
     * @return where the broker wrote it
     * @throws PublishFailedException if it could not be sent or was not acknowledged (0 of 1 acknowledged)
     */
    public RecordMetadata publish(ProducerRecord<String, SpecificRecord> record) {
        return publish(record, producerBound().plus(MARGIN));
    }

    /**
     * Publishes one record and waits at most {@code timeout} for its acknowledgement.
     *
     * @param record  the record (topic, key, Avro value)
     * @param timeout longest wait, sending included; positive
     * @return where the broker wrote it
     * @throws PublishFailedException if it could not be sent, was not acknowledged within {@code timeout}, or the
     *                                thread was interrupted while waiting (0 of 1 acknowledged)
     */
    public RecordMetadata publish(ProducerRecord<String, SpecificRecord> record, Duration timeout) {
        return publishAll(List.of(record), timeout).getFirst();
    }

    /**
     * Sends every record at once, so that they travel together, then waits for all acknowledgements with one deadline.
     *
     * @param records the records (topic, key, Avro value); may be empty
     * @param timeout longest wait for the whole batch, sending included; positive
     * @return where the broker wrote each record, in the order of {@code records}
     * @throws PublishFailedException if a record could not be sent, was not acknowledged within {@code timeout}, or
     *                                the thread was interrupted while waiting (its interrupt flag is set again); it
     *                                tells how many of the batch were acknowledged nonetheless
     */
    public List<RecordMetadata> publishAll(List<ProducerRecord<String, SpecificRecord>> records, Duration timeout) {
        if (records.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<CompletableFuture<SendResult<String, SpecificRecord>>> sent = new ArrayList<>(records.size());
        Throwable failure = null;
        for (ProducerRecord<String, SpecificRecord> record : records) {
            if (!sent.isEmpty() && System.nanoTime() - deadline >= 0) {
                failure = new TimeoutException("the wait of " + timeout.toMillis() + " ms ended after sending "
                        + sent.size() + " of " + records.size() + " records");
                break;
            }
            try {
                sent.add(kafka.send(record));
            } catch (RuntimeException e) {
                // KafkaTemplate.send throws when the producer cannot get metadata within max.block.ms
                failure = e;
                break;
            }
        }
        List<RecordMetadata> written = new ArrayList<>(sent.size());
        for (CompletableFuture<SendResult<String, SpecificRecord>> future : sent) {
            try {
                written.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .getRecordMetadata());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException(acknowledged(sent), records.size(), topics(records), e);
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (TimeoutException e) {
                failure = failure == null
                        ? new TimeoutException("no acknowledgement within " + timeout.toMillis() + " ms")
                        : failure;
            }
        }
        if (failure != null) {
            throw new PublishFailedException(acknowledged(sent), records.size(), topics(records), failure);
        }
        if (log.isDebugEnabled()) {
            log.debug("{} record(s) acknowledged in {} ms: {}", written.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), written);
        }
        return written;
    }

    /**
     * The longest the producer itself takes to answer a record, read from the producer factory's configuration:
     * {@code max.block.ms + delivery.timeout.ms} (Kafka's defaults, 60 s and 120 s, where unset).
     *
     * @return the bound, positive
     * @throws UnsupportedOperationException if the producer factory exposes no configuration
     */
    public Duration producerBound() {
        return Duration.ofMillis(producerBoundMillis(kafka.getProducerFactory().getConfigurationProperties()));
    }

    /**
     * Startup check for a caller that answers "not published" after {@code timeout}: the producer must be
     * {@code acks=all} and give up on its own before the timeout ends ({@code max.block.ms} for metadata, then
     * {@code delivery.timeout.ms} for the record), so that a record reported as failed is never delivered late.
     *
     * @param timeout the caller's wait
     * @param setting the property that sets {@code timeout}, for the message (e.g. {@code callvault.ingest.publish-timeout})
     * @throws IllegalStateException if the producer is not {@code acks=all}, or
     *                               {@code max.block.ms + delivery.timeout.ms >= timeout}
     */
    public void requireDeliveryEndsWithin(Duration timeout, String setting) {
        checkProducerConfiguration(kafka.getProducerFactory().getConfigurationProperties(), timeout, setting);
    }

    /**
     * The rule of {@link #requireDeliveryEndsWithin(Duration, String)} applied to a producer configuration.
     *
     * @param config  producer properties as Kafka takes them ({@code acks}, {@code max.block.ms},
     *                {@code delivery.timeout.ms}; numbers or their text); unset ones take Kafka's defaults
     * @param timeout the caller's wait
     * @param setting the property that sets {@code timeout}, for the message
     * @throws IllegalStateException if the producer is not {@code acks=all}, or
     *                               {@code max.block.ms + delivery.timeout.ms >= timeout}
     */
    public static void checkProducerConfiguration(Map<String, ?> config, Duration timeout, String setting) {
        Object acksValue = config.get(ProducerConfig.ACKS_CONFIG);
        String acks = acksValue == null ? "all" : acksValue.toString().trim();
        if (!acks.equals("all") && !acks.equals("-1")) {
            throw new IllegalStateException("The producer needs acks=all to wait for acknowledgements, got acks="
                    + acks);
        }
        long bound = producerBoundMillis(config);
        if (bound >= timeout.toMillis()) {
            throw new IllegalStateException(setting + " (" + timeout.toMillis() + " ms) must exceed the producer's "
                    + "max.block.ms + delivery.timeout.ms (" + bound + " ms), or a record reported as not published "
                    + "could still be delivered");
        }
    }

    private static long producerBoundMillis(Map<String, ?> config) {
        return millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG, DEFAULT_MAX_BLOCK_MS)
                + millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DEFAULT_DELIVERY_TIMEOUT_MS);
    }

    private static long millis(Map<String, ?> config, String key, long kafkaDefault) {
        Object value = config.get(key);
        if (value == null) {
            return kafkaDefault;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
    }

    private static int acknowledged(List<CompletableFuture<SendResult<String, SpecificRecord>>> sent) {
        return (int) sent.stream().filter(future -> future.isDone() && !future.isCompletedExceptionally()).count();
    }

    private static String topics(List<ProducerRecord<String, SpecificRecord>> records) {
        Set<String> topics = new LinkedHashSet<>();
        records.forEach(record -> topics.add(record.topic()));
        return String.join(",", topics);
    }
}
