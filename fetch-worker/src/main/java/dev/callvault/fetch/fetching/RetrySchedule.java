package dev.callvault.fetch.fetching;

import dev.callvault.fetch.FetchProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The delays of the non-blocking retry topics: the n-th retry waits {@code min(initialDelay * multiplier^(n-1),
 * maxDelay)} and there are just enough retries for the delays to add up to {@code callvault.fetch.retry-window}. With
 * the defaults ({@code PT1M}, 2.0, {@code PT30M}, {@code PT2H}): 1, 2, 4, 8, 16, 30, 30, 30 minutes (121 in all).
 * Delivery 1 is the source topic, delivery n + 1 comes from the n-th retry topic.
 */
@Component
public class RetrySchedule {

    private static final int MAX_RETRY_TOPICS = 100;

    private final List<Duration> delays;

    RetrySchedule(FetchProperties properties) {
        this.delays = delays(properties.retryWindow(), properties.retryTopics());
    }

    /**
     * Computes the delays.
     *
     * @param window the retry window the delays must cover
     * @param topics initial delay, multiplier and cap
     * @return the delays in order, at least one for a positive window
     * @throws IllegalArgumentException if the delays are not positive or more than 100 would be needed
     */
    static List<Duration> delays(Duration window, FetchProperties.RetryTopics topics) {
        long initial = topics.initialDelay().toMillis();
        long max = topics.maxDelay().toMillis();
        if (initial <= 0 || max < initial) {
            throw new IllegalArgumentException("callvault.fetch.retry-topics: initial-delay must be positive and at"
                    + " most max-delay");
        }
        List<Duration> delays = new ArrayList<>();
        double next = initial;
        long sum = 0;
        while (sum < window.toMillis()) {
            long delay = Math.min(Math.round(next), max);
            delays.add(Duration.ofMillis(delay));
            sum += delay;
            next = next * topics.multiplier();
            if (delays.size() > MAX_RETRY_TOPICS) {
                throw new IllegalArgumentException("callvault.fetch.retry-window " + window + " needs more than "
                        + MAX_RETRY_TOPICS + " retries with these retry-topics delays; raise initial-delay or"
                        + " max-delay");
            }
        }
        return List.copyOf(delays);
    }

    /** @return the delays of the retry topics, in order */
    public List<Duration> delays() {
        return delays;
    }

    /** @return deliveries of one record in all: the source topic's and one per retry */
    public int maxDeliveries() {
        return delays.size() + 1;
    }

    /**
     * @param delivery the delivery that failed, 1 for the source topic
     * @return the delay before the next delivery, or empty if it was the last one (the record goes to the DLT)
     */
    public Optional<Duration> delayAfter(int delivery) {
        return delivery >= 1 && delivery <= delays.size() ? Optional.of(delays.get(delivery - 1)) : Optional.empty();
    }

    /** @return the delays as a Spring {@link BackOff}, for spring-kafka's retry-topic configuration */
    public BackOff backOff() {
        return () -> new BackOffExecution() {
            private final Iterator<Duration> remaining = delays.iterator();

            @Override
            public long nextBackOff() {
                return remaining.hasNext() ? remaining.next().toMillis() : STOP;
            }
        };
    }
}
