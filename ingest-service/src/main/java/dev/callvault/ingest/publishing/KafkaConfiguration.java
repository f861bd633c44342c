package dev.callvault.ingest.publishing;

import dev.callvault.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * The ingest's Kafka setup beyond Spring Boot's defaults.
 *
 * <p>Topics it owns ({@code shared/design/ARCHITECTURE.md}, "Kafka topics"), created by Spring's {@code KafkaAdmin}
 * at startup when missing: {@code callvault.call-ended.v1} (compacted: the durable log of every call) and its
 * dead-letter topic (delete), with the same number of partitions; replication follows the broker's default.
 *
 * <p>Failed sends are logged without the record's contents, which carry phone numbers.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Partitions of the call-ended topic and its dead letters; keys are recording ids. */
    static final int PARTITIONS = 3;

    @Bean
    NewTopic callEndedTopic() {
        return TopicBuilder.name(Topics.CALL_ENDED)
                .partitions(PARTITIONS)
                .compact()
                .build();
    }

    @Bean
    NewTopic callEndedDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.CALL_ENDED))
                .partitions(PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .build();
    }

    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
        listener.setIncludeContents(false);
        return listener;
    }
}
