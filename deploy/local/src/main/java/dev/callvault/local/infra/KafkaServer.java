package dev.callvault.local.infra;

import dev.callvault.events.Topics;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), in this JVM, from spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}. It listens on a random loopback port; read {@link #bootstrapServers()}.
 *
 * <p>Every contract topic of {@link Topics#ALL} is created with 3 partitions, and their dead-letter topics with the
 * same number.
 */
public final class KafkaServer implements AutoCloseable {

    /** Partitions of every contract topic. */
    public static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts a broker and creates the contract topics.
     *
     * @return the running broker
     */
    public static KafkaServer start() {
        String[] topics = Topics.ALL.stream()
                .flatMap(topic -> java.util.stream.Stream.of(topic, Topics.deadLetter(topic)))
                .toArray(String[]::new);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, topics);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(PARTITIONS),
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new KafkaServer(broker);
    }

    /** @return {@code host:port} of the broker, for {@code spring.kafka.bootstrap-servers} */
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /**
     * Creates topics if they do not exist yet.
     *
     * @param topics topic names
     */
    public void createTopics(String... topics) {
        broker.addTopics(topics);
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
