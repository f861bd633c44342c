package dev.callvault.fetch.fetching;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The fetches in flight: each consumed record's work runs on a virtual thread of its own, and its future completes
 * when the work is done, which is when spring-kafka acknowledges the record (asynchronous listener return types,
 * "Asynchronous @KafkaListener Return Types" in the spring-kafka reference: the container commits only offsets below
 * which every record is done, out-of-order completions included).
 *
 * <ul>
 *   <li><b>Order per recording.</b> Records of one key (the recording id) run one after another, in the order they
 *       were handed over; records of different recordings run side by side.</li>
 *   <li><b>Back-pressure.</b> At {@code callvault.fetch.max-in-flight} fetches the worker's listener containers are
 *       paused (they keep polling, so the group keeps them, but receive nothing) and resumed once a quarter of the
 *       fetches are done. Records already returned by a poll are still taken; spring-kafka itself holds a consumer's
 *       next poll until every record of its last one is acknowledged, so at most {@code max-in-flight} plus one poll
 *       per consumer ({@code max.poll.records}, see {@code KafkaConfiguration}) run at once.</li>
 *   <li><b>Our infrastructure failing.</b> A fetch that fails with {@link InfrastructureException} (object store or
 *       broker unreachable) is run again in place after 1 s, doubling to 60 s, without end, and its record is neither
 *       committed nor dead-lettered meanwhile; any other failure completes the future exceptionally and goes to the
 *       container's error handler (retry topics, dead-letter topic).</li>
 *   <li><b>Stopping.</b> Stopped before the listener containers (a higher {@link #getPhase() phase}): the containers
 *       are paused, the fetches in flight get 20 s to finish and be committed, then the rest are interrupted and
 *       left uncommitted, to be fetched again after a restart (the fetch is idempotent).</li>
 * </ul>
 * Gauge {@code callvault.fetch.in_flight} (Prometheus {@code callvault_fetch_in_flight}) counts the fetches running
 * or waiting for an earlier record of their recording.
 */
@Component
class InFlightFetches implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InFlightFetches.class);

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /** Marks work left undone because the worker stops: its future never completes, its record is not committed. */
    private static final Throwable STOPPED = new Throwable("stopped", null, false, false) { };

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("fetch-", 0).factory());
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private final int maxInFlight;
    private final int resumeAt;

    /** The last fetch handed over per recording, guarded by {@code this}. */
    private final Map<String, CompletableFuture<Void>> lastByKey = new HashMap<>();
    private int inFlight;
    private boolean paused;
    private volatile boolean stopping;
    /** Held while the containers are told to pause or resume, so that they are told one decision at a time. */
    private final ReentrantLock containerCalls = new ReentrantLock();

    InFlightFetches(FetchProperties properties, ObjectProvider<KafkaListenerEndpointRegistry> registry,
            MeterRegistry meters) {
        this.registry = registry;
        this.maxInFlight = properties.maxInFlight();
        this.resumeAt = Math.max(0, maxInFlight - Math.max(1, maxInFlight / 4));
        Gauge.builder("callvault.fetch.in_flight", this, InFlightFetches::inFlight)
                .description("Fetches running, or waiting for an earlier record of their recording")
                .register(meters);
    }

    /** A record's work; may throw {@link InfrastructureException} to be run again. */
    @FunctionalInterface
    interface Work {
        void run();
    }

    /**
     * Hands a record's work over.
     *
     * @param key  the record's key (the recording id), or {@code null} for work that needs no ordering
     * @param work the work
     * @return completes when the work is done, exceptionally with its failure (never with
     *         {@link InfrastructureException}, which is retried); never completes if the worker stops first
     */
    CompletableFuture<Void> submit(String key, Work work) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        boolean pause = false;
        synchronized (this) {
            previous = key == null ? null : lastByKey.put(key, finished);
            inFlight++;
            if (inFlight >= maxInFlight && !paused) {
                paused = true;
                pause = true;
            }
        }
        if (pause) {
            applyPause();
        }
        Runnable task = () -> {
            Throwable failure = null;
            boolean done = false;
            try {
                failure = runUntilDone(work);
                done = true;
            } finally {
                // counted out before the record is acknowledged, so that what the container sees next is current
                finished(key, finished);
                if (done && failure == null) {
                    result.complete(null);
                } else if (done && failure != STOPPED) {
                    result.completeExceptionally(failure);
                }
            }
        };
        if (previous == null) {
            start(task, key, finished);
        } else {
            previous.whenComplete((ignored, failure) -> start(task, key, finished));
        }
        return result;
    }

    private void start(Runnable task, String key, CompletableFuture<Void> finished) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping: the record stays uncommitted and is fetched after the restart
            finished(key, finished);
        }
    }

    /** @return {@code null} when done, the failure to pass on, or {@link #STOPPED} to leave the record uncommitted */
    private Throwable runUntilDone(Work work) {
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                work.run();
                return null;
            } catch (InfrastructureException e) {
                if (stopping) {
                    log.info("Stopping: a record left uncommitted after {}", e.getMessage());
                    return STOPPED;
                }
                log.warn("{}; trying again in {} s", e.getMessage(), wait.toSeconds());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return STOPPED;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
            } catch (RuntimeException | Error e) {
                return e;
            }
        }
    }

    private void finished(String key, CompletableFuture<Void> finished) {
        boolean resume = false;
        synchronized (this) {
            inFlight--;
            if (key != null) {
                lastByKey.remove(key, finished);
            }
            if (paused && inFlight <= resumeAt && !stopping) {
                paused = false;
                resume = true;
            }
        }
        finished.complete(null);
        if (resume) {
            applyPause();
        }
    }

    /**
     * Tells the listener containers what the worker decided last: paused while {@code max-in-flight} fetches run or
     * while stopping, resumed otherwise. The decision is made under {@code this}, the containers are told outside it
     * (a container's pause and resume take its own locks), so two threads that decided one after the other may reach
     * the containers in the other order: a resume from a finishing fetch overtaking the pause the consumer thread
     * decided just before it would leave every container paused for good, with nothing left to resume them. Each
     * caller therefore applies the state as it is when its turn comes, one caller at a time, and whoever applies
     * last applies the last decision.
     */
    private void applyPause() {
        containerCalls.lock();
        try {
            boolean pause;
            synchronized (this) {
                pause = paused || stopping;
            }
            if (pause) {
                containers(MessageListenerContainer::pause);
                log.debug("{} fetches in flight: listener containers paused", inFlight());
            } else {
                containers(MessageListenerContainer::resume);
                log.debug("{} fetches in flight: listener containers resumed", inFlight());
            }
        } finally {
            containerCalls.unlock();
        }
    }

    /** @return the fetches running or waiting for an earlier record of their recording */
    synchronized int inFlight() {
        return inFlight;
    }

    /** @return whether the listener containers are paused for back-pressure */
    synchronized boolean paused() {
        return paused;
    }

    private void containers(java.util.function.Consumer<MessageListenerContainer> action) {
        KafkaListenerEndpointRegistry endpoints = registry.getIfAvailable();
        if (endpoints != null) {
            endpoints.getAllListenerContainers().forEach(action);
        }
    }

    @Override
    public void start() {
        stopping = false;
    }

    @Override
    public void stop() {
        stopping = true;
        applyPause();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = inFlight();
        executor.shutdownNow();
        if (left > 0) {
            log.info("Stopping with {} fetch(es) unfinished: their records stay uncommitted and are fetched again"
                    + " after a restart", left);
        }
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    /** @return a phase above the listener containers', so this stops (drains) before they do */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }
}
