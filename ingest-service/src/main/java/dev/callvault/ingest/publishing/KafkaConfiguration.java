package dev.callvault.ingest.publishing;

import dev.callvault.events.Topics;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * The ingest's Kafka setup beyond Spring Boot's defaults.
 *
 * <p>Topics it owns ({@code docs/architecture.md}, "Kafka topics"), created by Spring's {@code KafkaAdmin} at startup
 * when missing, as their specs say ({@link Topics#spec}): {@code callvault.call-ended.v1} (compacted: the durable log
 * of every call) and its dead-letter topic (delete, {@code callvault.kafka.dead-letter-retention}, default 30 days),
 * with the same number of partitions; replication follows the broker's default.
 *
 * <p>Failed sends are logged without the record's contents, which carry phone numbers.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic callEndedTopic() {
        return Topics.spec(Topics.CALL_ENDED).newTopic();
    }

    @Bean
    NewTopic callEndedDeadLetterTopic(@Value("${callvault.kafka.dead-letter-retention:30d}") Duration retention) {
        return Topics.spec(Topics.CALL_ENDED).newDeadLetterTopic(retention);
    }

    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
        listener.setIncludeContents(false);
        return listener;
    }
}
