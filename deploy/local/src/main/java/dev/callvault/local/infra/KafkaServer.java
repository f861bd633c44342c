package dev.callvault.local.infra;

import dev.callvault.events.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), in this JVM, from spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}. It listens on a random loopback port; read {@link #bootstrapServers()}.
 *
 * <p>Every contract topic and its dead-letter topic is created as {@link Topics#SPECS} says ({@link ContractTopics}):
 * {@link Topics#PARTITIONS} partitions, the contract's cleanup policies and retentions.
 *
 * <p>It can also stand for a broker started elsewhere ({@link #external(String, AutoCloseable)}, the Testcontainers path
 * of {@link ContainerServers}): the same topics are then created through Kafka's {@link Admin} client.
 */
public final class KafkaServer implements AutoCloseable {

    /** The in-JVM broker, or {@code null} for an external one. */
    private final EmbeddedKafkaKraftBroker broker;
    private final String externalBootstrapServers;
    private final AutoCloseable externalStop;

    private KafkaServer(EmbeddedKafkaKraftBroker broker, String externalBootstrapServers, AutoCloseable externalStop) {
        this.broker = broker;
        this.externalBootstrapServers = externalBootstrapServers;
        this.externalStop = externalStop;
    }

    /**
     * Starts a broker and creates the contract topics.
     *
     * @return the running broker
     */
    public static KafkaServer start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, Topics.PARTITIONS);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(Topics.PARTITIONS),
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        broker.addTopics(ContractTopics.all().toArray(NewTopic[]::new));
        return new KafkaServer(broker, null, null);
    }

    /**
     * Stands for a broker that runs elsewhere, creating the contract topics and their dead-letter topics there (with
     * {@link ContractTopics}) unless they exist.
     *
     * @param bootstrapServers {@code host:port[,host:port...]} of the broker
     * @param stop             what {@link #close()} runs, for example stopping the broker's container
     * @return the broker
     * @throws IllegalStateException if the topics cannot be created
     */
    static KafkaServer external(String bootstrapServers, AutoCloseable stop) {
        KafkaServer server = new KafkaServer(null, bootstrapServers, stop);
        server.createTopics(ContractTopics.all());
        return server;
    }

    /** @return {@code host:port} of the broker, for {@code spring.kafka.bootstrap-servers} */
    public String bootstrapServers() {
        return broker != null ? broker.getBrokersAsString() : externalBootstrapServers;
    }

    /**
     * Creates topics if they do not exist yet, with {@link Topics#PARTITIONS} partitions and the broker's defaults.
     *
     * @param topics topic names
     */
    public void createTopics(String... topics) {
        if (broker != null) {
            broker.addTopics(topics);
            return;
        }
        createTopics(Arrays.stream(topics).map(topic -> new NewTopic(topic, Topics.PARTITIONS, (short) 1)).toList());
    }

    private void createTopics(List<NewTopic> newTopics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, externalBootstrapServers))) {
            for (var result : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.destroy();
            return;
        }
        try {
            externalStop.close();
        } catch (Exception e) {
            throw new IllegalStateException("the external broker did not stop", e);
        }
    }
}
