package dev.callvault.ingest.publishing;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Topics;
import dev.callvault.ingest.IngestProperties;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link CallEnded} to {@link Topics#CALL_ENDED}, keyed by the recording id, and returns only once the
 * broker acknowledged it ({@code acks=all}, idempotent producer), through the platform's {@link AcknowledgedPublisher}.
 *
 * <p>The producer gives up on its own before {@code callvault.ingest.publish-timeout} ends ({@code max.block.ms} for
 * metadata, then {@code delivery.timeout.ms} for the record), so a failure answered 503 never turns into a late
 * success: nothing is published unless the caller answers 202. The constructor refuses a configuration that breaks
 * this rule.
 */
@Component
public class CallEndedPublisher {

    private static final Logger log = LoggerFactory.getLogger(CallEndedPublisher.class);

    private final AcknowledgedPublisher publisher;
    private final Duration timeout;

    /**
     * @param publisher  sends and waits for the acknowledgement (the template writes {@code AvroEventSerializer} values)
     * @param properties supplies {@code publish-timeout}
     * @throws IllegalStateException if the producer is not {@code acks=all}, or could still deliver a record after
     *                               the publish timeout ({@code max.block.ms + delivery.timeout.ms >= timeout})
     */
    public CallEndedPublisher(AcknowledgedPublisher publisher, IngestProperties properties) {
        this.publisher = publisher;
        this.timeout = properties.publishTimeout();
        publisher.requireDeliveryEndsWithin(timeout, "callvault.ingest.publish-timeout");
    }

    /**
     * Publishes the event and waits for the broker's acknowledgement.
     *
     * @param event the event; its recording id is the record key
     * @throws PublishFailedException if the broker did not acknowledge within the publish timeout (answered 503)
     */
    public void publish(CallEnded event) {
        String key = event.getRecordingId().toString();
        RecordMetadata written;
        try {
            written = publisher.publish(new ProducerRecord<>(Topics.CALL_ENDED, key, event), timeout);
        } catch (PublishFailedException e) {
            log.warn("CallEnded {} of recording {} (tenant {}) not acknowledged: {}", event.getEventId(), key,
                    event.getTenantId(), e.getMessage());
            throw e;
        }
        log.info("Published CallEnded {} of recording {} (tenant {}) to {}", event.getEventId(), key,
                event.getTenantId(), written);
    }
}
