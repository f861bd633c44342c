package dev.callvault.audit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The running listener containers: only the access-event listener is a batch listener with its throughput settings;
 * the lifecycle and retention listeners keep Boot's record-at-a-time container.
 */
class ListenerContainerTests extends IntegrationTestSupport {

    @Autowired
    private KafkaListenerEndpointRegistry registry;

    @Autowired
    private ConsumerProperties consumer;

    @Test
    void shouldRunAccessListenerAsBatchListenerWithThroughputSettings() {
        // given the running access-event listener
        MessageListenerContainer access = registry.getListenerContainer("audit-access");

        // then it receives whole polls, commits them after the listener returned, and observes no single records
        assertThat(access).isNotNull();
        ContainerProperties properties = access.getContainerProperties();
        assertThat(properties.getMessageListener()).isInstanceOf(BatchMessageListener.class);
        assertThat(properties.getAckMode()).isEqualTo(ContainerProperties.AckMode.BATCH);
        assertThat(properties.isObservationEnabled()).isFalse();

        // and its consumers fetch up to a batch per poll and wait at most briefly for more data
        assertThat(properties.getKafkaConsumerProperties())
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(consumer.accessBatchSize()))
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                        String.valueOf(consumer.accessFetchMinSize().toBytes()))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        String.valueOf(consumer.accessFetchMaxWait().toMillis()));
        assertThat(consumer.accessFetchMaxWait().toMillis()).isLessThanOrEqualTo(100);
    }

    @Test
    void shouldKeepLifecycleAndRetentionListenersRecordAtATime() {
        // given the other listeners
        for (String id : new String[] {"audit-custody", "audit-retention-runs"}) {
            MessageListenerContainer container = registry.getListenerContainer(id);

            // then they are untouched: ack mode record, observed, no consumer overrides
            assertThat(container).as(id).isNotNull();
            ContainerProperties properties = container.getContainerProperties();
            assertThat(properties.getMessageListener()).as(id).isNotInstanceOf(BatchMessageListener.class);
            assertThat(properties.getAckMode()).as(id).isEqualTo(ContainerProperties.AckMode.RECORD);
            assertThat(properties.isObservationEnabled()).as(id).isTrue();
            assertThat(properties.getKafkaConsumerProperties()).as(id).isEmpty();
        }
    }
}
