package dev.callvault.media.messaging;

import dev.callvault.events.Topics;
import dev.callvault.platform.kafka.DeadLetters;
import dev.callvault.platform.kafka.NonRetryableEventException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring of media-worker: one idempotent {@code acks=all} producer for {@code RecordingAnalyzed} and dead
 * letters ({@link DeadLetters}), the error handler of the record listeners, and the topics: the ones it owns,
 * {@code callvault.recording-analyzed.v1} and {@code callvault.recording-derived.v1} (compacted, {@link Topics#SPECS}),
 * and the dead-letter topics of the topics it consumes.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The topics media-worker consumes, in consumer group {@code media-worker}. */
    static final List<String> CONSUMED = List.of(Topics.RECORDING_STORED, Topics.RECORDING_DELETED);

    /** Events through Avro, dead letters as their original raw bytes: {@link DeadLetters#eventAndRawBytesValues()}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesValueSerializer() {
        return DeadLetters.eventAndRawBytesValues();
    }

    /** Failed sends are logged without the record's contents. */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
        listener.setIncludeContents(false);
        return listener;
    }

    /**
     * The listeners' error handler (Spring Boot gives it to its container factory): an event that can never apply
     * ({@link NonRetryableEventException}, or a record that cannot be deserialized) goes to {@code <topic>-dlt} at
     * once; every other failure (object store, broker) may pass and is retried in place after an exponential back-off
     * ({@code callvault.media.retry.initial-interval}, default 1 s, doubling up to {@code max-interval}, default
     * 60 s), without a limit, so a valid recording is never skipped.
     */
    @Bean
    DefaultErrorHandler mediaErrorHandler(KafkaOperations<?, ?> template,
            @Value("${callvault.media.retry.initial-interval:1s}") Duration initialInterval,
            @Value("${callvault.media.retry.max-interval:60s}") Duration maxInterval) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), 2.0);
        backOff.setMaxInterval(maxInterval.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(DeadLetters.recoverer(template), backOff);
        handler.addNotRetryableExceptions(NonRetryableEventException.class);
        return handler;
    }

    /** {@code callvault.recording-analyzed.v1}, created if missing, as {@link Topics#SPECS} says. */
    @Bean
    NewTopic recordingAnalyzedTopic() {
        return Topics.spec(Topics.RECORDING_ANALYZED).newTopic();
    }

    /** {@code callvault.recording-derived.v1}, created if missing, as {@link Topics#SPECS} says. */
    @Bean
    NewTopic recordingDerivedTopic() {
        return Topics.spec(Topics.RECORDING_DERIVED).newTopic();
    }

    /**
     * The dead-letter topics of the consumed topics, {@code callvault.kafka.dead-letter-retention}, default 30 days
     * (the owned topics' dead letters are their consumers' to declare).
     */
    @Bean
    KafkaAdmin.NewTopics mediaDeadLetterTopics(
            @Value("${callvault.kafka.dead-letter-retention:30d}") Duration retention) {
        return DeadLetters.topicsFor(CONSUMED, retention);
    }
}
