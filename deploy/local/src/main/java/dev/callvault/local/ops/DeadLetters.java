package dev.callvault.local.ops;

import dev.callvault.events.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The dead-letter tool behind {@code deploy/ops/dead-letters}: lists the dead-letter topics ({@code <topic>-dlt},
 * where spring-kafka's {@code DeadLetterPublishingRecoverer} puts records that failed), shows their records, and
 * re-drives them to the topic they came from once the cause is fixed.
 *
 * <ul>
 *   <li>{@code list}: every topic whose name ends in {@code -dlt}, with its partitions, its records (end minus start
 *       offsets, summed over partitions) and how many of them were not re-driven yet (after the offsets committed by
 *       consumer group {@value #REDRIVE_GROUP}).</li>
 *   <li>{@code inspect <dlt-topic> [--limit n]}: the first {@code n} (default 20) records, each as a JSON object
 *       ({@link RecordJson}): partition, offset, timestamp, key, dead-letter headers and the decoded event.</li>
 *   <li>{@code redrive <dlt-topic> [--recording-id id] [--execute]}: the records not re-driven yet (optionally only
 *       those keyed by one recording id) are published again with the same key, the same value bytes and their
 *       headers minus the dead-letter ones ({@link #isDeadLetterHeader}) to their source topic: the first
 *       {@code kafka_dlt-original-topic} header, unless that names a retry topic, else the dead-letter topic's name
 *       without {@code -dlt}. The producer is idempotent with {@code acks=all}; once every record is acknowledged, the
 *       offsets after them are committed for group {@value #REDRIVE_GROUP}, so a second redrive publishes nothing.
 *       With {@code --recording-id}, a partition's committed offset stops before its first record of another
 *       recording, which stays to be re-driven later. Without {@code --execute} only the plan is printed.</li>
 * </ul>
 * The broker is {@code --bootstrap host:port}, else {@code KAFKA_BOOTSTRAP_SERVERS}, else {@value #DEFAULT_BOOTSTRAP}.
 * Exit status 0 on success, 1 on failure, 2 on a usage error.
 */
public final class DeadLetters implements AutoCloseable {

    /** Consumer group whose committed offsets on a dead-letter topic mark the records already re-driven. */
    public static final String REDRIVE_GROUP = "callvault-ops-redrive";
    /** Broker used when neither {@code --bootstrap} nor {@code KAFKA_BOOTSTRAP_SERVERS} is given. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** Prefix of spring-kafka's retry-topic headers ({@code RetryTopicHeaders.DEFAULT_HEADER_*}). */
    private static final String RETRY_TOPIC_HEADER_PREFIX = "retry_topic-";
    private static final int DEFAULT_LIMIT = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String USAGE = """
            usage: dead-letters [--bootstrap host:port] list
                   dead-letters [--bootstrap host:port] inspect <dlt-topic> [--limit n]
                   dead-letters [--bootstrap host:port] redrive <dlt-topic> [--recording-id id] [--execute]""";

    private final String bootstrapServers;
    private final PrintStream out;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param bootstrapServers the broker, {@code host:port}
     * @param out              where reports go
     */
    public DeadLetters(String bootstrapServers, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.out = out;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, REDRIVE_GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "callvault-ops-dead-letters"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Runs {@code deploy/ops/dead-letters}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Parses and runs one command.
     *
     * @param args        {@code [--bootstrap host:port] list | inspect ... | redrive ...}
     * @param environment the process environment ({@code KAFKA_BOOTSTRAP_SERVERS})
     * @param out         where reports go
     * @param err         where errors go
     * @return the exit status: 0 done, 1 failed, 2 usage error
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String bootstrap = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP);
        List<String> positional = new ArrayList<>();
        Integer limit = null;
        String recordingId = null;
        boolean execute = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap" -> bootstrap = value(args, ++i);
                    case "--limit" -> limit = Integer.parseInt(value(args, ++i));
                    case "--recording-id" -> recordingId = UUID.fromString(value(args, ++i)).toString();
                    case "--execute" -> execute = true;
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        positional.add(args[i]);
                    }
                }
            }
            String command = positional.isEmpty() ? "" : positional.getFirst();
            if (!List.of("list", "inspect", "redrive").contains(command)) {
                throw new IllegalArgumentException(command.isEmpty() ? "no command" : "unknown command " + command);
            }
            if (positional.size() != ("list".equals(command) ? 1 : 2)) {
                throw new IllegalArgumentException(command + (positional.size() == 1 ? " needs a dead-letter topic"
                        : " takes no more arguments"));
            }
            if ((limit != null && (limit < 1 || !"inspect".equals(command)))
                    || ((recordingId != null || execute) && !"redrive".equals(command))) {
                throw new IllegalArgumentException("an option does not fit the command " + command);
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (DeadLetters tool = new DeadLetters(bootstrap, out)) {
            switch (positional.getFirst()) {
                case "list" -> tool.list();
                case "inspect" -> tool.inspect(deadLetterTopic(positional.get(1)),
                        limit == null ? DEFAULT_LIMIT : limit);
                default -> tool.redrive(deadLetterTopic(positional.get(1)), recordingId, execute);
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    /**
     * A dead-letter topic's counts.
     *
     * @param topic      the topic
     * @param partitions its partitions
     * @param records    records it holds (end minus start offsets)
     * @param pending    records after the offsets committed by {@value #REDRIVE_GROUP}
     */
    public record TopicCount(String topic, int partitions, long records, long pending) {
    }

    /**
     * Prints every dead-letter topic with its counts, one line each under a header.
     *
     * @return the counts, by topic name
     */
    public List<TopicCount> list() {
        List<TopicCount> counts = new ArrayList<>();
        for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(TIMEOUT).entrySet()) {
            if (!topic.getKey().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
                continue;
            }
            List<TopicPartition> partitions = partitions(topic.getValue());
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> next = redriveStart(partitions);
            long records = 0;
            long pending = 0;
            for (TopicPartition partition : partitions) {
                records += end.get(partition) - start.get(partition);
                pending += Math.max(0, end.get(partition) - next.get(partition));
            }
            counts.add(new TopicCount(topic.getKey(), partitions.size(), records, pending));
        }
        counts.sort(Comparator.comparing(TopicCount::topic));
        out.printf("%-50s %10s %10s %12s%n", "TOPIC", "PARTITIONS", "RECORDS", "NOT-REDRIVEN");
        counts.forEach(count -> out.printf("%-50s %10d %10d %12d%n", count.topic(), count.partitions(),
                count.records(), count.pending()));
        if (counts.isEmpty()) {
            out.println("(no dead-letter topics)");
        }
        return counts;
    }

    /**
     * Prints the first records of a dead-letter topic (partition by partition), each as indented JSON.
     *
     * @param topic a dead-letter topic
     * @param limit the most records to print
     * @return how many were printed
     * @throws IllegalArgumentException if the topic does not exist
     */
    public int inspect(String topic, int limit) {
        List<TopicPartition> partitions = partitions(topic);
        RecordJson json = new RecordJson();
        int[] printed = {0};
        read(partitions, consumer.beginningOffsets(partitions, TIMEOUT), limit, record -> {
            out.println(RecordJson.pretty(json.describe(record)));
            printed[0]++;
        });
        out.println(printed[0] + " record(s) of " + topic + " shown.");
        return printed[0];
    }

    /**
     * Re-drives the records of a dead-letter topic not re-driven yet to their source topics, or prints the plan.
     *
     * @param topic       a dead-letter topic
     * @param recordingId only records keyed by this recording id, or {@code null} for all
     * @param execute     publish and commit; {@code false} prints what would be done
     * @return how many records were (or would be) re-driven
     * @throws IllegalArgumentException if the topic does not exist
     * @throws IllegalStateException    if the broker did not acknowledge a record (nothing is committed then; records
     *                                  already published are published again by the next redrive)
     */
    public int redrive(String topic, String recordingId, boolean execute) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> start = redriveStart(partitions);
        Map<TopicPartition, Long> commitTo = new HashMap<>();
        Set<TopicPartition> blocked = new HashSet<>();
        Map<String, Integer> perTarget = new LinkedHashMap<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = execute ? producer() : null) {
            read(partitions, start, Integer.MAX_VALUE, record -> {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (recordingId != null && !recordingId.equals(key)) {
                    blocked.add(partition);
                    return;
                }
                String target = sourceTopic(topic, record);
                perTarget.merge(target, 1, Integer::sum);
                out.printf("%s %d@%d key=%s -> %s%n", execute ? "redrive" : "would redrive", record.partition(),
                        record.offset(), key, target);
                if (execute) {
                    sent.add(producer.send(new ProducerRecord<>(target, null, record.key(), record.value(),
                            redrivenHeaders(record))));
                }
                if (!blocked.contains(partition)) {
                    commitTo.put(partition, record.offset() + 1);
                }
            });
            if (execute) {
                producer.flush();
                for (Future<RecordMetadata> future : sent) {
                    acknowledged(future);
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                commitTo.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets, TIMEOUT);
                }
            }
        }
        int total = perTarget.values().stream().mapToInt(Integer::intValue).sum();
        perTarget.forEach((target, count) -> out.printf("%s %d record(s) to %s%n",
                execute ? "Re-drove" : "Would re-drive", count, target));
        if (total == 0) {
            out.println("Nothing to re-drive in " + topic + (recordingId == null ? "" : " for recording " + recordingId)
                    + ".");
        } else if (!execute) {
            out.println("Dry run: nothing published. Add --execute to re-drive.");
        }
        return total;
    }

    /**
     * Whether a header was added by dead-lettering or by spring-kafka's retry topics, and is therefore dropped when a
     * record is re-driven: {@code kafka_dlt-*} ({@code KafkaHeaders.DLT_*}), {@code retry_topic-*}
     * ({@code RetryTopicHeaders}: a re-driven record starts its retries afresh) and
     * {@code springDeserializerException*} ({@code SerializationUtils}).
     *
     * @param key a header name
     * @return whether it is dropped
     */
    static boolean isDeadLetterHeader(String key) {
        return key.startsWith(KafkaHeaders.PREFIX + "dlt-")
                || key.startsWith(RETRY_TOPIC_HEADER_PREFIX)
                || key.startsWith(SerializationUtils.DESERIALIZER_EXCEPTION_HEADER_PREFIX);
    }

    private static RecordHeaders redrivenHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!isDeadLetterHeader(header.key())) {
                headers.add(header);
            }
        }
        return headers;
    }

    private static String sourceTopic(String deadLetterTopic, ConsumerRecord<byte[], byte[]> record) {
        String base = deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.DEAD_LETTER_SUFFIX.length());
        for (Header header : record.headers().headers(KafkaHeaders.DLT_ORIGINAL_TOPIC)) {
            String original = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            return original.isBlank() || original.startsWith(base + "-retry") ? base : original;
        }
        return base;
    }

    private Map<TopicPartition, Long> redriveStart(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions, TIMEOUT));
        consumer.committed(new HashSet<>(partitions), TIMEOUT).forEach((partition, committed) -> {
            if (committed != null) {
                start.merge(partition, committed.offset(), Math::max);
            }
        });
        return start;
    }

    /**
     * Reads every partition from the given offsets up to its end offset at the time of the call, in offset order, and
     * gives each record to the action (at most {@code limit} in all). Fails when a partition makes no progress for
     * {@link #TIMEOUT}.
     */
    private void read(List<TopicPartition> partitions, Map<TopicPartition, Long> from, int limit,
            Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        int seen = 0;
        for (TopicPartition partition : partitions) {
            long position = from.get(partition);
            if (position >= end.get(partition)) {
                continue;
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, position);
            Instant stalledSince = Instant.now();
            while (position < end.get(partition) && seen < limit) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(partition) || seen >= limit) {
                        break;
                    }
                    action.accept(record);
                    seen++;
                }
                long next = consumer.position(partition, TIMEOUT);
                if (next > position) {
                    position = next;
                    stalledSince = Instant.now();
                } else if (Duration.between(stalledSince, Instant.now()).compareTo(TIMEOUT) > 0) {
                    throw new IllegalStateException("no record of " + partition + " arrived for " + TIMEOUT.toSeconds()
                            + " s at offset " + position + " (end " + end.get(partition) + ")");
                }
            }
        }
        consumer.assign(List.of());
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        return partitions(infos);
    }

    private static List<TopicPartition> partitions(List<PartitionInfo> infos) {
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "callvault-ops-redrive"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void acknowledged(Future<RecordMetadata> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving; nothing was committed", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not acknowledge a re-driven record (" + e.getCause()
                    .getMessage() + "); nothing was committed", e.getCause());
        }
    }

    private static String deadLetterTopic(String topic) {
        if (!topic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            throw new IllegalArgumentException(topic + " is not a dead-letter topic (its name must end in "
                    + Topics.DEAD_LETTER_SUFFIX + ")");
        }
        return topic;
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    @Override
    public void close() {
        consumer.close();
    }
}
