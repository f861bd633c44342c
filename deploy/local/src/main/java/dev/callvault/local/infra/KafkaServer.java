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
 * <p>Every contract topic of {@link Topics#ALL} is created with 3 partitions, and their dead-letter topics with the
 * same number.
 *
 * <p>It can also stand for a broker started elsewhere ({@link #external(String, AutoCloseable)}, the Testcontainers path
 * of {@link ContainerServers}): the same topics are then created through Kafka's {@link Admin} client.
 */
public final class KafkaServer implements AutoCloseable {

    /** Partitions of every contract topic. */
    public static final int PARTITIONS = 3;

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
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, contractTopics());
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(PARTITIONS),
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new KafkaServer(broker, null, null);
    }

    /**
     * Stands for a broker that runs elsewhere, creating the contract topics and their dead-letter topics there (with
     * {@link #PARTITIONS} partitions, replication factor 1) unless they exist.
     *
     * @param bootstrapServers {@code host:port[,host:port...]} of the broker
     * @param stop             what {@link #close()} runs, for example stopping the broker's container
     * @return the broker
     * @throws IllegalStateException if the topics cannot be created
     */
    static KafkaServer external(String bootstrapServers, AutoCloseable stop) {
        KafkaServer server = new KafkaServer(null, bootstrapServers, stop);
        server.createTopics(contractTopics());
        return server;
    }

    private static String[] contractTopics() {
        return Topics.ALL.stream()
                .flatMap(topic -> java.util.stream.Stream.of(topic, Topics.deadLetter(topic)))
                .toArray(String[]::new);
    }

    /** @return {@code host:port} of the broker, for {@code spring.kafka.bootstrap-servers} */
    public String bootstrapServers() {
        return broker != null ? broker.getBrokersAsString() : externalBootstrapServers;
    }

    /**
     * Creates topics if they do not exist yet.
     *
     * @param topics topic names
     */
    public void createTopics(String... topics) {
        if (broker != null) {
            broker.addTopics(topics);
            return;
        }
        List<NewTopic> newTopics = Arrays.stream(topics).map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).toList();
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
