package dev.callvault.audit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.platform.kafka.ConsumerProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The running listener containers: every listener of audit-service receives whole polls (one database transaction
 * each) with the consumer settings of {@code callvault.audit.consumer.*}.
 */
class ListenerContainerTests extends IntegrationTestSupport {

    @Autowired
    private KafkaListenerEndpointRegistry registry;

    @Autowired
    private ConsumerProperties consumer;

    @Test
    void shouldRunEveryListenerAsBatchListenerWithTheConsumerSettings() {
        for (String id : new String[] {"audit-access", "audit-custody", "audit-retention-runs"}) {
            // given a running listener
            MessageListenerContainer container = registry.getListenerContainer(id);

            // then it receives whole polls, commits them after the listener returned, and observes no single records
            assertThat(container).as(id).isNotNull();
            ContainerProperties properties = container.getContainerProperties();
            assertThat(properties.getMessageListener()).as(id).isInstanceOf(BatchMessageListener.class);
            assertThat(properties.getAckMode()).as(id).isEqualTo(ContainerProperties.AckMode.BATCH);
            assertThat(properties.isObservationEnabled()).as(id).isFalse();

            // and its consumers fetch up to a batch per poll and wait at most briefly for more data
            assertThat(properties.getKafkaConsumerProperties()).as(id)
                    .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(consumer.batchSize()))
                    .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                            String.valueOf(consumer.fetchMinSize().toBytes()))
                    .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                            String.valueOf(consumer.fetchMaxWait().toMillis()));
        }
        assertThat(consumer.batchSize()).isEqualTo(500);
        assertThat(consumer.fetchMaxWait().toMillis()).isLessThanOrEqualTo(100);
    }
}
