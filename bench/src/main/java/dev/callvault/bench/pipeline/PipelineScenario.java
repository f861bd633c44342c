package dev.callvault.bench.pipeline;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.Section.SummaryRow;
import dev.callvault.events.Provider;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.LocalService;
import dev.callvault.local.launcher.StackSettings;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.ProviderCall;
import dev.callvault.local.testing.StackWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Issue 6, scenario 3, with issue 13's additions: calls through the whole system with the provider simulator
 * answering at once (no added latency): signed webhooks (Twilio and ElevenLabs, alternately) to ingest-service,
 * fetch-worker pulling each recording from the simulator into the bucket, storage-service cataloguing it
 * {@code AVAILABLE}. Four figures in one run, on the same stack, after a warm-up of {@value #WARM_UP_CALLS} calls
 * (quick: 100) sent like the burst, whose own rate and latency are reported as those of services that just started:
 * <ol>
 *   <li><b>Burst</b>: 1,000 calls (quick: 100) sent as fast as {@value #SENDERS} senders can (closed loop: a sender
 *       sends its next webhook once the last one was answered). Measures webhook-to-{@code AVAILABLE} latency
 *       (p50/p95/p99/max) and the sustained rate (recordings completed per second from the first webhook to the last
 *       {@code AVAILABLE}; issue 13's goal: at least {@value #BURST_GOAL_PER_SECOND} per second).</li>
 *   <li><b>Steady load</b>: 100 calls per second for 60 s (quick: 20 per second for 15 s), open loop: call {@code i}
 *       is sent at {@code start + i / rate} from its own virtual thread, whatever became of the earlier ones, so a
 *       slow system meets the same offered load rather than a politely slowed one. Measures
 *       webhook-to-{@code AVAILABLE} latency (p50/p95/p99/max; issue 13's goal: p99 at most
 *       {@value #STEADY_GOAL_P99_MILLIS} ms), the achieved send rate, how late the sends were against their schedule
 *       and how long ingest-service took to answer them.</li>
 *   <li><b>Object-store requests per new recording</b>: fetch-worker's counter {@value ObjectStoreRequests#METRIC}
 *       ({@link ObjectStoreRequests}) scraped before and after each phase; the difference per operation and method,
 *       divided by the recordings the phase completed (about 3 expected for a recording that fits in one part: HEAD
 *       of the key, HEAD of the tombstone, PUT).</li>
 *   <li><b>The burst with media-worker</b> (issue 16): media-worker started beside the stack, reading
 *       {@code recording-stored} from its end, then a burst like the first; the ratio of the two sustained rates
 *       says whether the media work delays {@code AVAILABLE}; media-worker is stopped afterwards.</li>
 * </ol>
 *
 * <p>{@code AVAILABLE} is as storage-service reports it: its count of {@code AVAILABLE} entries, polled every
 * {@link #POLL} once a phase's webhooks are sent (one request per poll, so the poll barely loads the system), then
 * its catalog list once they are all there, gives each entry's
 * {@code updatedAt}, the time storage-service stored the transition; the webhook's time is taken just before it is
 * sent. Both clocks are this machine's. A call accepted but not {@code AVAILABLE} when the phase's wait ends counts in
 * the percentiles with the time until then (a lower bound of its latency), so a stuck call cannot improve them.
 */
public final class PipelineScenario implements Scenario {

    /**
     * Calls sent as a burst before anything is measured, so that the services' JIT compilers are done with the hot
     * paths (measured on 2026-12-08: about 40 ms of CPU per recording in the first 3,000 after a start, about 20 ms
     * from the 6,000th on).
     */
    private static final int WARM_UP_CALLS = 3_000;
    /** Webhooks in flight at once in the burst: providers send concurrently. */
    private static final int SENDERS = 16;
    private static final Duration POLL = Duration.ofSeconds(2);
    /** How long media-worker's consumers get to join before the burst that measures it. */
    private static final Duration MEDIA_WORKER_SETTLE = Duration.ofSeconds(10);
    /** media-worker's consumer group ({@code spring.kafka.consumer.group-id} of its application.yml). */
    private static final String MEDIA_WORKER_GROUP = "media-worker";
    /** Issue 13's goal for the burst's sustained rate, recordings per second. */
    private static final int BURST_GOAL_PER_SECOND = 200;
    /** Issue 13's goal for the steady load's p99, webhook to {@code AVAILABLE}. */
    private static final long STEADY_GOAL_P99_MILLIS = 2_000;

    @Override
    public String name() {
        return "pipeline";
    }

    /**
     * One phase's calls and what became of them.
     *
     * @param calls       the calls, in send order
     * @param sentAt      each call's send time (just before its webhook went out)
     * @param acceptedAt  each accepted call's answer time (202)
     * @param rejected    webhooks answered otherwise, or not at all
     * @param first       the first send
     * @param lastSent    when the last webhook was answered
     * @param available   accepted calls found {@code AVAILABLE}, with their catalog {@code updatedAt}
     * @param waitBound   how long the catalog was waited for after {@code lastSent}
     * @param waitEnded   when the wait for the catalog ended (all found, or the bound)
     */
    private record Phase(List<ProviderCall> calls, Map<UUID, Instant> sentAt, Map<UUID, Instant> acceptedAt,
                         int rejected, Instant first, Instant lastSent, Map<UUID, Instant> available,
                         Duration waitBound, Instant waitEnded) {

        /**
         * @return webhook to {@code AVAILABLE} per accepted call, ms; a call not {@code AVAILABLE} counts with the
         *         time until the wait ended
         */
        Histogram latency() {
            Histogram latency = new Histogram(Duration.ofHours(1).toMillis(), 3);
            for (UUID id : acceptedAt.keySet()) {
                Instant done = available.getOrDefault(id, waitEnded);
                latency.recordValue(Math.max(0, Duration.between(sentAt.get(id), done).toMillis()));
            }
            return latency;
        }

        /** @return the last {@code AVAILABLE}, {@code first} if none */
        Instant lastAvailable() {
            return available.values().stream().max(Instant::compareTo).orElse(first);
        }

        /** @return recordings completed per second, from the first webhook to the last {@code AVAILABLE} */
        double completedPerSecond() {
            double seconds = Duration.between(first, lastAvailable()).toMillis() / 1000.0;
            return available.size() / Math.max(0.001, seconds);
        }

        /** @return from the first send until the last webhook was answered, seconds */
        double sendSeconds() {
            return Duration.between(first, lastSent).toMillis() / 1000.0;
        }
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        BenchStack bench = BenchStack.shared(context, Map.of());
        boolean quick = context.quick();
        int burstCalls = quick ? 100 : 1_000;
        Duration burstBound = Duration.ofSeconds(quick ? 150 : 360);
        int steadyRate = quick ? 20 : 100;
        Duration steadyFor = Duration.ofSeconds(quick ? 15 : 60);
        int steadyCalls = steadyRate * (int) steadyFor.toSeconds();
        Duration steadyBound = Duration.ofSeconds(Math.max(120, steadyCalls / 10));
        StackWebhooks webhooks = new StackWebhooks(bench.addresses(), bench.environment());
        Catalog catalog = new Catalog(bench.addresses().get("storage-service.url"), bench.environment()
                .property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET), LocalDefaults.TENANT);
        ObjectStoreRequests objectStore = new ObjectStoreRequests(bench.addresses().get("fetch-worker.url"));

        // (0) warm-up: the services were started for this run, and for their first minutes the JIT compilers take
        // about two thirds of their CPU; a service that has run for a while, as in production, is measured after it
        int warmUpCalls = quick ? 100 : WARM_UP_CALLS;
        System.out.printf("  warm-up: %,d calls through the pipeline, not measured%n", warmUpCalls);
        List<ProviderCall> warmUpList = newCalls(webhooks, warmUpCalls);
        Phase warmUp = burst(webhooks, catalog, warmUpList, burstBound);
        Histogram warmUpLatency = warmUp.latency();

        // (a) burst: every call's webhook sent, SENDERS at a time
        List<ProviderCall> burstList = newCalls(webhooks, burstCalls);
        System.out.printf("  burst: %,d calls through the pipeline%n", burstCalls);
        ObjectStoreRequests.Reading beforeBurst = objectStore.read();
        Phase burst = burst(webhooks, catalog, burstList, burstBound);
        ObjectStoreRequests.Reading afterBurst = objectStore.read();

        // (b) steady: steadyRate calls per second, each sent at its instant whatever became of the earlier ones
        List<ProviderCall> steadyList = newCalls(webhooks, steadyCalls);
        System.out.printf("  steady: %d calls/s for %d s (%,d calls), open loop%n", steadyRate,
                steadyFor.toSeconds(), steadyCalls);
        long[] lateMicros = new long[steadyCalls];
        long[] answerMicros = new long[steadyCalls];
        Phase steady = steady(webhooks, catalog, steadyList, steadyRate, steadyBound, lateMicros, answerMicros);
        ObjectStoreRequests.Reading afterSteady = objectStore.read();

        // (d) issue 16: the same burst with media-worker running beside the pipeline (its ffmpeg at nice 10), so
        // that the ratio of the two sustained rates says whether the media work delays AVAILABLE
        MediaBurst withMedia = burstWithMediaWorker(context, bench, webhooks, catalog, burstCalls, burstBound);

        Histogram burstLatency = burst.latency();
        Histogram steadyLatency = steady.latency();
        Histogram lateness = histogramOf(lateMicros);
        Histogram answers = histogramOf(answerMicros);
        List<Instant> steadySends = steady.sentAt().values().stream().sorted().toList();
        double achievedRate = steadySends.size() < 2 ? 0 : (steadySends.size() - 1)
                / Math.max(0.001, Duration.between(steadySends.getFirst(), steadySends.getLast()).toNanos() / 1e9);

        String burstPlot = context.plotName("pipeline-completions");
        completionsPlot(context, burstPlot, "Pipeline burst: calls over time", burst);
        String steadyPlot = context.plotName("pipeline-steady-completions");
        completionsPlot(context, steadyPlot, "Pipeline at %d calls/s: calls over time".formatted(steadyRate), steady);

        // (c) object-store requests per new recording
        Map<ObjectStoreRequests.Series, Long> burstRequests = afterBurst.since(beforeBurst);
        Map<ObjectStoreRequests.Series, Long> steadyRequests = afterSteady.since(afterBurst);
        Map<String, Long> burstByOperation = byOperation(burstRequests);
        Map<String, Long> steadyByOperation = byOperation(steadyRequests);
        long burstTotal = burstRequests.values().stream().mapToLong(Long::longValue).sum();
        long steadyTotal = steadyRequests.values().stream().mapToLong(Long::longValue).sum();
        int burstCompleted = burst.available().size();
        int steadyCompleted = steady.available().size();
        StringBuilder storeTable = new StringBuilder("""
                | operation, method | outcomes (burst) | requests (burst) | per recording (burst) | requests \
                (steady) | per recording (steady) |
                |---|---|---:|---:|---:|---:|
                """);
        Set<String> operations = new TreeSet<>(burstByOperation.keySet());
        operations.addAll(steadyByOperation.keySet());
        for (String operation : operations) {
            long b = burstByOperation.getOrDefault(operation, 0L);
            long s = steadyByOperation.getOrDefault(operation, 0L);
            storeTable.append("| %s | %s | %,d | %s | %,d | %s |%n".formatted(operation,
                    outcomes(burstRequests, operation), b, perRecording(b, burstCompleted), s,
                    perRecording(s, steadyCompleted)));
        }
        storeTable.append("| **all** | | %,d | **%s** | %,d | **%s** |%n".formatted(burstTotal,
                perRecording(burstTotal, burstCompleted), steadyTotal, perRecording(steadyTotal, steadyCompleted)));
        if (burstRequests.isEmpty() && steadyRequests.isEmpty()) {
            storeTable.append("\nfetch-worker exposed no `").append(ObjectStoreRequests.METRIC)
                    .append("` sample that changed: the counter is missing from its metrics.\n");
        }

        long twilioBytes = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3).length;
        long elevenLabsBytes = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3).length;
        String jvm = bench.environment().variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                .orElse(StackSettings.DEFAULT_SERVICE_JVM_OPTS);
        double burstRate = burst.completedPerSecond();
        String markdown = """
                Settings: calls of tenant `demo`, each one signed webhook as the provider sends it from the \
                benchmark's JVM, Twilio and ElevenLabs alternately; the provider simulator serves each recording at \
                once (Twilio: the %,d-byte dual-channel MP3; ElevenLabs: the %,d-byte conversation MP3). Services' \
                JVM options: `%s`. `AVAILABLE` as storage-service reports it: its count of `AVAILABLE` entries \
                polled every %d s once a phase's webhooks are sent (one request), then its catalog list once they \
                are all there, each entry's `updatedAt` (the transition's time in \
                storage-service) minus the time the webhook was sent. A call accepted but not `AVAILABLE` when the \
                wait ends counts with the time until then (a lower bound).

                ### Warm-up: %,d calls right after the services started, not measured

                The services were started for this run. Before the burst, %,d calls were sent the same way (%d in \
                flight) and waited for, so that the figures below are those of services that have run for a while, \
                as in production; these are the warm-up's own figures, those of services that just started (a new \
                replica): %,d of %,d `AVAILABLE` (%,d rejected), %.1f recordings per second sustained, webhook to \
                `AVAILABLE` p50 / p99 %,d / %,d ms.

                ### Burst: %,d calls, %d in flight

                %,d calls (%s), %d webhooks in flight at once (each sender sends its next call once the last one \
                was answered). Goal (issue 13): at least %d recordings per second sustained.

                | figure | value |
                |---|---:|
                | webhooks accepted (202) / rejected | %,d / %,d |
                | webhooks sent in | %.1f s |
                | AVAILABLE within %d s | %,d |
                | webhook to AVAILABLE p50 | %,d ms |
                | webhook to AVAILABLE p95 | %,d ms |
                | webhook to AVAILABLE p99 | %,d ms |
                | webhook to AVAILABLE max | %,d ms |
                | sustained recordings per second (completed / first webhook to last AVAILABLE) | %.1f /s |

                When the webhooks arrive faster than the recordings are fetched, the latency is mostly the wait in \
                `callvault.call-ended.v1` behind earlier calls: the sustained rate is the pipeline's capacity on \
                this machine, and the percentiles show how long a burst of %,d calls takes to drain.

                ### Steady load: %d calls/s for %d s, open loop

                %,d calls (%s) offered at %d per second: call *i* is sent at start + *i*/%d s from its own virtual \
                thread, whatever became of the earlier ones. Goal (issue 13): p99 webhook to AVAILABLE at most \
                %,d ms.

                | figure | value |
                |---|---:|
                | offered / achieved send rate (sends started, first to last) | %d / %.1f /s |
                | sends behind schedule p99 / max | %.1f / %.1f ms |
                | webhook answered (202 after the broker's ack) p50 / p99 / max | %.1f / %.1f / %.1f ms |
                | webhooks accepted (202) / rejected | %,d / %,d |
                | webhooks sent and answered in | %.1f s |
                | AVAILABLE within %d s of the last answer | %,d |
                | webhook to AVAILABLE p50 | %,d ms |
                | webhook to AVAILABLE p95 | %,d ms |
                | webhook to AVAILABLE p99 | %,d ms |
                | webhook to AVAILABLE max | %,d ms |
                | recordings completed per second (first webhook to last AVAILABLE) | %.1f /s |

                ### Object-store requests per new recording

                fetch-worker's `%s` (tags `operation`, `method`, `outcome`; platform `ObjectStoreRequestMetrics`) \
                read from its `/actuator/prometheus` before the burst, after it and after the steady load; the \
                difference per operation and method, divided by the recordings the phase made `AVAILABLE` (%,d in \
                the burst, %,d in the steady load). A recording that fits in one part should cost about 3: HEAD of \
                the key, HEAD of the tombstone (both missing: `CLIENT_ERROR`), PUT.

                %s

                ### The burst again, with media-worker running (issue 16)

                %s
                """.formatted(twilioBytes, elevenLabsBytes, jvm, POLL.toSeconds(),
                warmUpCalls, warmUpCalls, SENDERS, warmUp.available().size(), warmUpCalls, warmUp.rejected(),
                warmUp.completedPerSecond(), warmUpLatency.getValueAtPercentile(50),
                warmUpLatency.getValueAtPercentile(99),
                burstCalls, SENDERS, burstCalls, providers(burstList), SENDERS, BURST_GOAL_PER_SECOND,
                burst.acceptedAt().size(), burst.rejected(), burst.sendSeconds(), burstBound.toSeconds(),
                burstCompleted, burstLatency.getValueAtPercentile(50), burstLatency.getValueAtPercentile(95),
                burstLatency.getValueAtPercentile(99), burstLatency.getMaxValue(), burstRate, burstCalls,
                steadyRate, steadyFor.toSeconds(), steadyCalls, providers(steadyList), steadyRate, steadyRate,
                STEADY_GOAL_P99_MILLIS, steadyRate, achievedRate,
                lateness.getValueAtPercentile(99) / 1000.0, lateness.getMaxValue() / 1000.0,
                answers.getValueAtPercentile(50) / 1000.0, answers.getValueAtPercentile(99) / 1000.0,
                answers.getMaxValue() / 1000.0, steady.acceptedAt().size(), steady.rejected(), steady.sendSeconds(),
                steadyBound.toSeconds(), steadyCompleted, steadyLatency.getValueAtPercentile(50),
                steadyLatency.getValueAtPercentile(95), steadyLatency.getValueAtPercentile(99),
                steadyLatency.getMaxValue(), steady.completedPerSecond(),
                ObjectStoreRequests.METRIC, burstCompleted, steadyCompleted, storeTable,
                withMedia.describe(burstRate));
        return new Section("Pipeline: a burst of %,d calls and %d calls/s for %d s, webhook to AVAILABLE"
                .formatted(burstCalls, steadyRate, steadyFor.toSeconds()), markdown, List.of(
                new SummaryRow(name(), "burst: webhook to AVAILABLE p50 / p95 / p99", "%,d / %,d / %,d ms".formatted(
                        burstLatency.getValueAtPercentile(50), burstLatency.getValueAtPercentile(95),
                        burstLatency.getValueAtPercentile(99)),
                        "%,d calls, simulator at zero latency".formatted(burstCalls)),
                new SummaryRow(name(), "burst: sustained recordings per second", "%.1f /s".formatted(burstRate),
                        "%,d of %,d AVAILABLE, after a warm-up of %,d calls; goal ≥ %d /s".formatted(burstCompleted,
                                burstCalls, warmUpCalls, BURST_GOAL_PER_SECOND)),
                new SummaryRow(name(), "warm-up right after the start: sustained recordings per second",
                        "%.1f /s".formatted(warmUp.completedPerSecond()), "%,d calls, services just started"
                                .formatted(warmUpCalls)),
                new SummaryRow(name(), "%d calls/s for %d s: webhook to AVAILABLE p50 / p95 / p99 / max".formatted(
                        steadyRate, steadyFor.toSeconds()), "%,d / %,d / %,d / %,d ms".formatted(
                        steadyLatency.getValueAtPercentile(50), steadyLatency.getValueAtPercentile(95),
                        steadyLatency.getValueAtPercentile(99), steadyLatency.getMaxValue()),
                        "open loop, %.1f /s achieved, %,d of %,d AVAILABLE; goal p99 ≤ %,d ms".formatted(achievedRate,
                                steadyCompleted, steadyCalls, STEADY_GOAL_P99_MILLIS)),
                new SummaryRow(name(), "burst with media-worker running: sustained rate, ratio to the burst without",
                        withMedia.phase() == null ? "not run" : "%.1f /s, %.2f".formatted(
                                withMedia.phase().completedPerSecond(),
                                withMedia.phase().completedPerSecond() / Math.max(0.001, burstRate)),
                        withMedia.phase() == null ? withMedia.reason() : "1.00 = AVAILABLE as fast; "
                                + withMedia.analysed() + " of them analysed by media-worker"),
                new SummaryRow(name(), "object-store requests per new recording (burst)",
                        perRecording(burstTotal, burstCompleted), burstByOperation.entrySet().stream()
                                .map(e -> e.getKey() + " " + perRecording(e.getValue(), burstCompleted))
                                .collect(Collectors.joining(", ")))),
                List.of(burstPlot, steadyPlot));
    }

    /**
     * What the burst with media-worker gave.
     *
     * @param phase    the burst, {@code null} when it could not run
     * @param reason   why it did not run
     * @param analysed the burst's recordings with an analysis in the catalog once media-worker caught up (bounded)
     * @param caughtUp seconds from the last {@code AVAILABLE} until they were analysed, or the bound
     */
    private record MediaBurst(Phase phase, String reason, long analysed, double caughtUp) {

        String describe(double burstRate) {
            if (phase == null) {
                return "Not run: " + reason + ".";
            }
            Histogram latency = phase.latency();
            return """
                    media-worker (`callvault.media.ffmpeg` `nice,-n,10,ffmpeg`, its defaults otherwise) started on \
                    the same machine, reading `callvault.recording-stored.v1` from its end, then %,d calls sent as \
                    in the burst above. Issue 16's goal: throughput to `AVAILABLE` unchanged (ratio 1.00).

                    | figure | value |
                    |---|---:|
                    | AVAILABLE | %,d of %,d |
                    | sustained recordings per second, with media-worker / without (the burst above) | %.1f / %.1f /s |
                    | ratio | %.2f |
                    | webhook to AVAILABLE p50 / p99 | %,d / %,d ms |
                    | the burst's recordings analysed (catalog `analysis`) / seconds after the last AVAILABLE | %,d / %.1f s |
                    """.formatted(phase.calls().size(), phase.available().size(), phase.calls().size(),
                    phase.completedPerSecond(), burstRate, phase.completedPerSecond() / Math.max(0.001, burstRate),
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), analysed, caughtUp);
        }
    }

    /**
     * Starts media-worker beside the stack (from the end of {@code recording-stored}, so that it does not analyse the
     * earlier phases' recordings), sends a burst like (a), waits until media-worker analysed the burst's recordings
     * (at most {@code bound}), then stops it so that later scenarios run without it.
     */
    private static MediaBurst burstWithMediaWorker(BenchContext context, BenchStack bench, StackWebhooks webhooks,
                                                   Catalog catalog, int calls, Duration bound)
            throws InterruptedException {
        if (LocalService.MEDIA_WORKER.executableJar(context.repositoryRoot()).isEmpty()) {
            return new MediaBurst(null, "media-worker's jar is not built", 0, 0);
        }
        try {
            // the stack's state is kept between runs of a day: without its earlier offsets the group starts at the
            // end of the topic, and not behind every recording an earlier run stored
            forgetGroup(bench.addresses().get("kafka.bootstrap-servers"), MEDIA_WORKER_GROUP);
            bench.stack().startService(LocalService.MEDIA_WORKER,
                    Map.of("SPRING_KAFKA_CONSUMER_AUTOOFFSETRESET", "latest"));
        } catch (RuntimeException e) {
            return new MediaBurst(null, "media-worker did not start (" + e.getMessage() + ")", 0, 0);
        }
        try {
            // its consumers join the group and take their partitions before the first call is sent
            Thread.sleep(MEDIA_WORKER_SETTLE);
            System.out.printf("  burst with media-worker: %,d calls%n", calls);
            List<ProviderCall> list = newCalls(webhooks, calls);
            Phase phase = burst(webhooks, catalog, list, bound);
            Instant deadline = Instant.now().plus(bound);
            Set<UUID> wanted = Set.copyOf(phase.available().keySet());
            long analysed = catalog.analysed(wanted);
            while (analysed < wanted.size() && Instant.now().isBefore(deadline)) {
                Thread.sleep(POLL);
                analysed = catalog.analysed(wanted);
            }
            double caughtUp = Duration.between(phase.lastAvailable(), Instant.now()).toMillis() / 1000.0;
            return new MediaBurst(phase, null, analysed, caughtUp);
        } finally {
            bench.stack().stopService(LocalService.MEDIA_WORKER);
        }
    }

    /** Deletes a consumer group that has no members (nothing happens when it does not exist). */
    private static void forgetGroup(String bootstrapServers, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("cannot delete consumer group " + group, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot delete consumer group " + group, e);
        }
    }

    /** The burst: {@link #SENDERS} webhooks in flight, then the wait for the catalog. */
    private static Phase burst(StackWebhooks webhooks, Catalog catalog, List<ProviderCall> calls, Duration bound)
            throws InterruptedException {
        long availableBefore = catalog.count("AVAILABLE");
        Map<UUID, Instant> sentAt = new ConcurrentHashMap<>();
        Map<UUID, Instant> acceptedAt = new ConcurrentHashMap<>();
        AtomicInteger rejected = new AtomicInteger();
        Instant first = Instant.now();
        Semaphore inFlight = new Semaphore(SENDERS);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ProviderCall call : calls) {
                inFlight.acquire();
                senders.submit(() -> {
                    try {
                        sentAt.put(call.recordingId(), Instant.now());
                        if (webhooks.send(call) == 202) {
                            acceptedAt.put(call.recordingId(), Instant.now());
                        } else {
                            rejected.incrementAndGet();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        Instant lastSent = Instant.now();
        Map<UUID, Instant> available = awaitAvailable(catalog, Set.copyOf(acceptedAt.keySet()), bound,
                availableBefore);
        return new Phase(calls, sentAt, acceptedAt, rejected.get(), first, lastSent, available, bound,
                Instant.now());
    }

    /**
     * The steady load: call {@code i} sent at {@code start + i / rate} from its own virtual thread (a scheduler
     * thread only waits for each instant and starts the call's thread), then the wait for the catalog.
     *
     * @param lateMicros   filled with each call's send time minus its scheduled time, µs
     * @param answerMicros filled with each call's webhook round trip, µs
     */
    private static Phase steady(StackWebhooks webhooks, Catalog catalog, List<ProviderCall> calls, int rate,
                                Duration bound, long[] lateMicros, long[] answerMicros) throws InterruptedException {
        long availableBefore = catalog.count("AVAILABLE");
        Map<UUID, Instant> sentAt = new ConcurrentHashMap<>();
        Map<UUID, Instant> acceptedAt = new ConcurrentHashMap<>();
        AtomicInteger rejected = new AtomicInteger();
        AtomicLongArray late = new AtomicLongArray(calls.size());
        AtomicLongArray answer = new AtomicLongArray(calls.size());
        long intervalNanos = 1_000_000_000L / rate;
        Instant first = Instant.now();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls.size(); i++) {
                long due = start + i * intervalNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                ProviderCall call = calls.get(i);
                int index = i;
                senders.submit(() -> {
                    long sent = System.nanoTime();
                    late.set(index, Math.max(0, (sent - due) / 1_000));
                    sentAt.put(call.recordingId(), Instant.now());
                    int status = webhooks.send(call);
                    answer.set(index, (System.nanoTime() - sent) / 1_000);
                    if (status == 202) {
                        acceptedAt.put(call.recordingId(), Instant.now());
                    } else {
                        rejected.incrementAndGet();
                    }
                });
            }
        }
        Instant lastSent = Instant.now();
        for (int i = 0; i < calls.size(); i++) {
            lateMicros[i] = late.get(i);
            answerMicros[i] = answer.get(i);
        }
        Map<UUID, Instant> available = awaitAvailable(catalog, Set.copyOf(acceptedAt.keySet()), bound,
                availableBefore);
        return new Phase(calls, sentAt, acceptedAt, rejected.get(), first, lastSent, available, bound,
                Instant.now());
    }

    /**
     * Waits until every wanted call is {@code AVAILABLE} or the bound passed. Every {@link #POLL} it asks only for the
     * tenant's count of {@code AVAILABLE} entries (one request, so that the wait barely loads storage-service); once
     * the count has grown by the wanted calls, or at the bound, it reads every wanted entry's {@code updatedAt} by
     * paging through the list, and goes on polling if some are still missing. {@code updatedAt} is stored, so reading
     * it later gives the same instant.
     */
    private static Map<UUID, Instant> awaitAvailable(Catalog catalog, Set<UUID> wanted, Duration bound,
                                                     long availableBefore) throws InterruptedException {
        Map<UUID, Instant> available = Map.of();
        Instant deadline = Instant.now().plus(bound);
        while (true) {
            boolean last = !Instant.now().isBefore(deadline);
            if (last || catalog.count("AVAILABLE") - availableBefore >= wanted.size()) {
                available = catalog.available(wanted);
                if (available.size() == wanted.size() || last) {
                    return available;
                }
            }
            Thread.sleep(POLL);
        }
    }

    private static List<ProviderCall> newCalls(StackWebhooks webhooks, int count) {
        List<ProviderCall> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            calls.add(webhooks.newCall(i));
        }
        return calls;
    }

    /** @return e.g. {@code 500 TWILIO, 500 ELEVENLABS} */
    private static String providers(List<ProviderCall> calls) {
        Map<Provider, Long> byProvider = calls.stream().collect(Collectors.groupingBy(ProviderCall::provider,
                LinkedHashMap::new, Collectors.counting()));
        return byProvider.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    private static Histogram histogramOf(long[] micros) {
        Histogram histogram = new Histogram(Duration.ofHours(1).toNanos() / 1_000, 3);
        for (long value : micros) {
            histogram.recordValue(Math.min(value, histogram.getHighestTrackableValue()));
        }
        return histogram;
    }

    /** @return requests per operation and method ({@link #operation}), summed over the outcomes */
    private static Map<String, Long> byOperation(Map<ObjectStoreRequests.Series, Long> requests) {
        Map<String, Long> byOperation = new TreeMap<>();
        requests.forEach((series, count) -> byOperation.merge(operation(series), count, Long::sum));
        return byOperation;
    }

    /** @return e.g. {@code head HEAD}: the counter's {@code operation} and {@code method} tags */
    private static String operation(ObjectStoreRequests.Series series) {
        return series.operation() + " " + series.method();
    }

    /** @return e.g. {@code CLIENT_ERROR 1,000} for the series of one {@link #byOperation} key */
    private static String outcomes(Map<ObjectStoreRequests.Series, Long> requests, String operation) {
        String outcomes = requests.entrySet().stream()
                .filter(e -> operation(e.getKey()).equals(operation))
                .map(e -> "%s %,d".formatted(e.getKey().outcome(), e.getValue())).collect(Collectors.joining(", "));
        return outcomes.isEmpty() ? "–" : outcomes;
    }

    private static String perRecording(long requests, int recordings) {
        return recordings == 0 ? "n/a" : "%.2f".formatted((double) requests / recordings);
    }

    /** Cumulative webhooks accepted and recordings AVAILABLE over time, on 100 steps. */
    private static void completionsPlot(BenchContext context, String plot, String title, Phase phase)
            throws Exception {
        Instant first = phase.first();
        Instant last = phase.lastAvailable();
        for (Instant accepted : phase.acceptedAt().values()) {
            if (accepted.isAfter(last)) {
                last = accepted;
            }
        }
        long spanMillis = Math.max(1, Duration.between(first, last).toMillis());
        List<Double> seconds = new ArrayList<>();
        List<Long> acceptedSoFar = new ArrayList<>();
        List<Long> availableSoFar = new ArrayList<>();
        for (int step = 0; step <= 100; step++) {
            Instant at = step == 100 ? last : first.plusMillis(spanMillis * step / 100);
            seconds.add(Duration.between(first, at).toMillis() / 1000.0);
            acceptedSoFar.add(phase.acceptedAt().values().stream().filter(t -> !t.isAfter(at)).count());
            availableSoFar.add(phase.available().values().stream().filter(t -> !t.isAfter(at)).count());
        }
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("webhooks accepted", acceptedSoFar);
        series.put("recordings AVAILABLE", availableSoFar);
        Plots.lines(context.resultsDir().resolve(plot), title, "seconds since the first webhook",
                "calls (cumulative)", seconds, series, false);
    }
}
