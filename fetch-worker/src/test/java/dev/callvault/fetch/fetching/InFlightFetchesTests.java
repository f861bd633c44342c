package dev.callvault.fetch.fetching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.unit.DataSize;

/**
 * The hand-over of records to virtual threads: order per recording, fetches of different recordings side by side,
 * back-pressure at {@code max-in-flight}, our infrastructure's failures retried in place, other failures passed on.
 */
class InFlightFetchesTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private InFlightFetches fetches;

    private InFlightFetches withMaxInFlight(int maxInFlight) {
        return withMaxInFlight(maxInFlight, new KafkaListenerEndpointRegistry());
    }

    private InFlightFetches withMaxInFlight(int maxInFlight, KafkaListenerEndpointRegistry registry) {
        FetchProperties properties = new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 3,
                DataSize.ofMegabytes(8), null, null, 1, null, maxInFlight, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("registry", registry);
        fetches = new InFlightFetches(properties, beans.getBeanProvider(KafkaListenerEndpointRegistry.class), meters);
        return fetches;
    }

    @AfterEach
    void stop() {
        if (fetches != null) {
            fetches.stop();
        }
    }

    @Test
    void shouldRunTheRecordsOfOneRecordingOneAfterAnotherInOrder() throws Exception {
        // given
        InFlightFetches fetches = withMaxInFlight(64);
        List<String> events = new CopyOnWriteArrayList<>();

        // when five records of one recording are handed over at once, each taking a while
        CompletableFuture<?>[] done = new CompletableFuture<?>[5];
        for (int i = 0; i < 5; i++) {
            int n = i;
            done[i] = fetches.submit("recording-1", () -> {
                events.add("start " + n);
                sleep(30);
                events.add("end " + n);
            });
        }
        CompletableFuture.allOf(done).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then they ran in the order given, never overlapping
        assertThat(events).containsExactly("start 0", "end 0", "start 1", "end 1", "start 2", "end 2", "start 3",
                "end 3", "start 4", "end 4");
        assertThat(fetches.inFlight()).isZero();
    }

    @Test
    void shouldRunTheRecordsOfDifferentRecordingsSideBySide() throws Exception {
        // given fifty recordings whose fetches can only finish once all fifty have started
        InFlightFetches fetches = withMaxInFlight(64);
        CountDownLatch allStarted = new CountDownLatch(50);
        AtomicInteger overlapping = new AtomicInteger();

        // when
        CompletableFuture<?>[] done = new CompletableFuture<?>[50];
        for (int i = 0; i < 50; i++) {
            done[i] = fetches.submit("recording-" + i, () -> {
                allStarted.countDown();
                if (await(allStarted)) {
                    overlapping.incrementAndGet();
                }
            });
        }
        CompletableFuture.allOf(done).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then every one of them saw the fifty running at once
        assertThat(overlapping).hasValue(50);
        assertThat(meters.get("callvault.fetch.in_flight").gauge().value()).isZero();
    }

    @Test
    void shouldPauseAtMaxInFlightAndResumeOnceAQuarterAreDone() throws Exception {
        // given at most eight fetches in flight
        InFlightFetches fetches = withMaxInFlight(8);
        CountDownLatch[] release = new CountDownLatch[8];
        CompletableFuture<?>[] done = new CompletableFuture<?>[8];

        // when eight long fetches are handed over
        for (int i = 0; i < 8; i++) {
            CountDownLatch latch = new CountDownLatch(1);
            release[i] = latch;
            done[i] = fetches.submit("recording-" + i, () -> await(latch));
        }

        // then the worker pauses its consumers
        assertThat(fetches.inFlight()).isEqualTo(8);
        assertThat(fetches.paused()).isTrue();
        assertThat(meters.get("callvault.fetch.in_flight").gauge().value()).isEqualTo(8);

        // and when one finishes it stays paused; when the second (a quarter) finishes it resumes
        release[0].countDown();
        done[0].get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fetches.paused()).isTrue();
        release[1].countDown();
        done[1].get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fetches.paused()).isFalse();
        assertThat(fetches.inFlight()).isEqualTo(6);
        for (CountDownLatch latch : release) {
            latch.countDown();
        }
        CompletableFuture.allOf(done).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void shouldLeaveTheContainersResumedWhenAResumeOvertakesThePauseBeforeIt() throws Exception {
        // given at most four fetches in flight (resumed at three), three of them running, and a listener container
        // whose pause() is slow: the consumer thread that hands over the fourth is descheduled inside it
        RecordingContainer container = new RecordingContainer();
        InFlightFetches fetches = withMaxInFlight(4, registryOf(container));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?>[] running = new CompletableFuture<?>[3];
        for (int i = 0; i < 3; i++) {
            running[i] = fetches.submit("recording-" + i, () -> await(release));
        }

        // when the fourth is handed over (the worker decides to pause, and starts pausing the container) ...
        CompletableFuture<Void>[] fourth = new CompletableFuture[1];
        Thread consumer = Thread.ofPlatform().start(() -> fourth[0] = fetches.submit("recording-3", () -> { }));
        assertThat(container.pauseEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // ... and, before the pause call returns, the fetches finish and the worker decides to resume
        release.countDown();
        Awaitility.await().atMost(WAIT).until(() -> !fetches.paused());
        container.pauseMayReturn.countDown();
        consumer.join(WAIT.toMillis());
        CompletableFuture.allOf(running).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        fourth[0].get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then the container is not left paused: what it was told last is what the worker decided last
        assertThat(fetches.paused()).isFalse();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(container.calls).last().isEqualTo("resume"));
        assertThat(container.isPauseRequested()).isFalse();
    }

    @Test
    void shouldRetryAnInfrastructureFailureInPlaceUntilItSucceeds() throws Exception {
        // given a fetch whose object store fails twice, then answers
        InFlightFetches fetches = withMaxInFlight(64);
        AtomicInteger runs = new AtomicInteger();

        // when
        CompletableFuture<Void> done = fetches.submit("recording-1", () -> {
            if (runs.incrementAndGet() <= 2) {
                throw new InfrastructureException("object store unreachable", null);
            }
        });

        // then it completes normally after the third run (1 s, then 2 s later), never exceptionally
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done).isCompleted().isNotCompletedExceptionally();
        assertThat(runs).hasValue(3);
    }

    @Test
    void shouldPassAnyOtherFailureToTheContainerAndGoOnWithTheRecording() throws Exception {
        // given
        InFlightFetches fetches = withMaxInFlight(64);
        RetryLaterException retryLater = new RetryLaterException(java.util.UUID.randomUUID(), 3,
                new dev.callvault.fetch.providers.FetchFailedException(
                        dev.callvault.fetch.providers.FailureCode.PROVIDER_UNAVAILABLE, "503"));

        // when a record fails with a provider fault and the next record of its recording follows
        CompletableFuture<Void> failed = fetches.submit("recording-1", () -> {
            throw retryLater;
        });
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> following = fetches.submit("recording-1", next::incrementAndGet);

        // then the first completes with that failure (for the retry topics), and the second still runs
        following.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failed).isCompletedExceptionally();
        assertThat(failed.exceptionNow()).isSameAs(retryLater);
        assertThat(next).hasValue(1);
    }

    private static KafkaListenerEndpointRegistry registryOf(MessageListenerContainer container) {
        return new KafkaListenerEndpointRegistry() {
            @Override
            public Collection<MessageListenerContainer> getAllListenerContainers() {
                return List.of(container);
            }
        };
    }

    /** A listener container that records what it is told, and whose first {@code pause()} waits to be let go. */
    private static final class RecordingContainer implements MessageListenerContainer {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch pauseEntered = new CountDownLatch(1);
        final CountDownLatch pauseMayReturn = new CountDownLatch(1);
        private volatile boolean pauseRequested;

        @Override
        public void pause() {
            pauseEntered.countDown();
            await(pauseMayReturn);
            pauseRequested = true;
            calls.add("pause");
        }

        @Override
        public void resume() {
            pauseRequested = false;
            calls.add("resume");
        }

        @Override
        public boolean isPauseRequested() {
            return pauseRequested;
        }

        @Override
        public void setupMessageListener(Object messageListener) {
        }

        @Override
        public Map<String, Map<MetricName, ? extends Metric>> metrics() {
            return Map.of();
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
