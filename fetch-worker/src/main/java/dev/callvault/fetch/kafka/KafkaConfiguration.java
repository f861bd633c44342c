package dev.callvault.fetch.kafka;

import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import dev.callvault.fetch.FetchProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * Kafka wiring of the worker.
 *
 * <ul>
 *   <li>Topics it owns or writes, declared as their specs say ({@link Topics#spec}): {@code recording-stored}
 *       (compacted) and {@code recording-fetch-failed} (delete, 7 days); the retry and dead-letter topics of the two it consumes are declared by
 *       {@link RetryTopicsConfiguration}.</li>
 *   <li>One producer whose value serializer writes events in Avro single-object encoding and passes {@code byte[]}
 *       through, so dead letters carry the original raw bytes.</li>
 *   <li>{@code max.poll.records} is {@code ceil(max-in-flight / concurrency)}: the listener only hands records over
 *       (fetches run on virtual threads, {@code InFlightFetches}), so a poll is quick whatever a fetch takes; and
 *       spring-kafka pauses a consumer until every record of its last poll is acknowledged (out-of-order
 *       acknowledgements), so the source consumers together hold about {@code max-in-flight} fetches.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics fetchWorkerTopics() {
        return new KafkaAdmin.NewTopics(Topics.spec(Topics.RECORDING_STORED).newTopic(),
                Topics.spec(Topics.RECORDING_FETCH_FAILED).newTopic());
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer eventAndRawBytesSerializer() {
        return factory -> {
            Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
            byType.put(byte[].class, new ByteArraySerializer());
            byType.put(SpecificRecord.class, new AvroEventSerializer());
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> producers = (DefaultKafkaProducerFactory<Object, Object>) factory;
            producers.setValueSerializer(new DelegatingByTypeSerializer(byType, true));
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer recordsPerPoll(FetchProperties properties) {
        int perPoll = Math.max(1, (properties.maxInFlight() + properties.concurrency() - 1) / properties.concurrency());
        return factory -> factory.updateConfigs(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, perPoll));
    }
}
