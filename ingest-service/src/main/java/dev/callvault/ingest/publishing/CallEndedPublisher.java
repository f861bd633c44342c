package dev.callvault.ingest.publishing;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Topics;
import dev.callvault.ingest.webhook.IngestProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link CallEnded} to {@link Topics#CALL_ENDED}, keyed by the recording id, and returns only once the
 * broker acknowledged it ({@code acks=all}, idempotent producer).
 *
 * <p>The producer gives up on its own before {@code callvault.ingest.publish-timeout} ends ({@code max.block.ms} for
 * metadata, then {@code delivery.timeout.ms} for the record), so a failure answered 503 never turns into a late
 * success: nothing is published unless the caller answers 202. The constructor refuses a configuration that breaks
 * this rule.
 */
@Component
public class CallEndedPublisher {

    private static final Logger log = LoggerFactory.getLogger(CallEndedPublisher.class);

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final Duration timeout;

    /**
     * @param kafka      the template, configured with {@code AvroEventSerializer} values
     * @param properties supplies {@code publish-timeout}
     * @throws IllegalStateException if the producer is not {@code acks=all}, or could still deliver a record after
     *                               the publish timeout ({@code max.block.ms + delivery.timeout.ms >= timeout})
     */
    public CallEndedPublisher(KafkaTemplate<String, SpecificRecord> kafka, IngestProperties properties) {
        this.kafka = kafka;
        this.timeout = properties.publishTimeout();
        checkProducerConfiguration(kafka.getProducerFactory().getConfigurationProperties(), timeout);
    }

    /**
     * Publishes the event and waits for the broker's acknowledgement.
     *
     * @param event the event; its recording id is the record key
     * @throws PublishFailedException if the broker did not acknowledge within the publish timeout
     */
    public void publish(CallEnded event) {
        String key = event.getRecordingId().toString();
        try {
            SendResult<String, SpecificRecord> result = kafka.send(Topics.CALL_ENDED, key, event)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Published CallEnded {} of recording {} (tenant {}) to {}-{}@{}", event.getEventId(), key,
                    event.getTenantId(), result.getRecordMetadata().topic(), result.getRecordMetadata().partition(),
                    result.getRecordMetadata().offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while publishing CallEnded of recording " + key, e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("The broker did not acknowledge CallEnded of recording " + key,
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("No acknowledgement for CallEnded of recording " + key + " within "
                    + timeout.toMillis() + " ms", e);
        } catch (RuntimeException e) {
            // KafkaTemplate.send throws when the producer cannot get metadata within max.block.ms
            throw new PublishFailedException("Could not send CallEnded of recording " + key, e);
        }
    }

    static void checkProducerConfiguration(Map<String, Object> config, Duration timeout) {
        String acks = String.valueOf(config.getOrDefault(ProducerConfig.ACKS_CONFIG, "all"));
        if (!acks.equals("all") && !acks.equals("-1")) {
            throw new IllegalStateException("The ingest producer needs acks=all, got acks=" + acks);
        }
        long maxBlock = millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        long delivery = millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        if (maxBlock + delivery >= timeout.toMillis()) {
            throw new IllegalStateException("callvault.ingest.publish-timeout (" + timeout.toMillis() + " ms) must "
                    + "exceed the producer's max.block.ms + delivery.timeout.ms (" + (maxBlock + delivery) + " ms), "
                    + "or a record answered 503 could still be delivered");
        }
    }

    private static long millis(Map<String, Object> config, String key, long kafkaDefault) {
        Object value = config.get(key);
        return value == null ? kafkaDefault : Long.parseLong(value.toString().trim());
    }
}
