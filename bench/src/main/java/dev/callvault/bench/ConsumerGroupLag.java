package dev.callvault.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of a consumer group on a topic, as an operator reads it with Kafka's admin API: for each partition, its
 * latest offset ({@code listOffsets} with {@link OffsetSpec#latest()}) minus the group's committed offset
 * ({@code listConsumerGroupOffsets}; 0 when the group committed none), summed. Shared by the scenarios that wait for a
 * consumer to catch up (replay: fetch-worker on {@code call-ended}; playback: audit-service on
 * {@code recording-accessed}), with a background {@link Sampling} that records the lag every interval.
 */
public final class ConsumerGroupLag implements AutoCloseable {

    private static final long ADMIN_TIMEOUT_SECONDS = 10;

    private final Admin admin;

    /**
     * One lag reading.
     *
     * @param at  when it was read (after the broker answered)
     * @param lag records not committed yet, summed over the partitions
     */
    public record Sample(Instant at, long lag) {
    }

    /**
     * @param bootstrapServers the stack's Kafka ({@code kafka.bootstrap-servers} of {@link BenchStack#addresses()})
     */
    public ConsumerGroupLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * @param group a consumer group
     * @param topic a topic it consumes
     * @return records of the topic the group has not committed yet, summed over the partitions (offsets: on a
     *         compacted topic, records removed by compaction count too)
     * @throws IllegalStateException if the broker does not answer within 10 seconds
     */
    public long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                lag += ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of " + group + " on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param topic a topic
     * @return its partitions
     * @throws IllegalStateException if the broker does not answer within 10 seconds
     */
    public int partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param group a consumer group
     * @return its state, {@link GroupState#UNKNOWN} if the broker does not answer
     */
    public GroupState state(String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(group).groupState();
        } catch (ExecutionException | TimeoutException e) {
            return GroupState.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts reading the group's lag every {@code interval} on a background thread, until {@link Sampling#close()}.
     *
     * @param group    a consumer group
     * @param topic    a topic it consumes
     * @param interval pause between readings (a reading itself takes a few milliseconds on loopback)
     * @return the running sampling
     */
    public Sampling sample(String group, String topic, Duration interval) {
        return new Sampling(group, topic, interval);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * Lag readings taken in the background; a reading the broker does not answer is skipped, not fatal.
     */
    public final class Sampling implements AutoCloseable {

        private final List<Sample> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        private Sampling(String group, String topic, Duration interval) {
            this.thread = Thread.ofPlatform().daemon().name("lag-sampler-" + group).start(() -> {
                while (running) {
                    try {
                        long lag = lag(group, topic);
                        synchronized (samples) {
                            samples.add(new Sample(Instant.now(), lag));
                            samples.notifyAll();
                        }
                    } catch (IllegalStateException e) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        // the broker did not answer in time: the next reading may
                    }
                    try {
                        Thread.sleep(interval);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        /**
         * Waits for the first reading of lag 0 taken at or after {@code after}.
         *
         * @param after   readings before this instant do not count
         * @param timeout how long to wait from now
         * @return that reading, or empty if none came within {@code timeout}
         * @throws InterruptedException if interrupted while waiting
         */
        public Optional<Sample> awaitZero(Instant after, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (samples) {
                while (true) {
                    Optional<Sample> zero = samples.stream().filter(s -> !s.at().isBefore(after) && s.lag() == 0)
                            .findFirst();
                    long left = deadline - System.nanoTime();
                    if (zero.isPresent() || left <= 0) {
                        return zero;
                    }
                    TimeUnit.NANOSECONDS.timedWait(samples, left);
                }
            }
        }

        /** @return the readings so far, oldest first */
        public List<Sample> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }

        /** @return the largest lag read so far, 0 if none was read */
        public long maxLag() {
            return samples().stream().mapToLong(Sample::lag).max().orElse(0);
        }

        /** Stops the readings (waits up to 15 seconds for one in flight). */
        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
