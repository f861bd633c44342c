package dev.callvault.bench.ingest;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.ConsumerGroupLag;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.Section.SummaryRow;
import dev.callvault.bench.replay.FetchWorkerGroup;
import dev.callvault.events.Topics;
import dev.callvault.local.launcher.StackSettings;
import dev.callvault.local.testing.StackWebhooks;
import dev.callvault.local.testing.StackWebhooks.SignedRequest;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Issue 6, scenario 2, as issue 13 asks for it: signed Twilio recording status callbacks per second with every
 * service running, each answered 202 only once the broker acknowledged its {@code CallEnded} ({@code acks=all},
 * idempotent producer, as ingest-service is configured), with p50/p99 latency and errors per step (issue 13's goal:
 * at least {@value #GOAL_PER_SECOND} per second at 64 connections, 0 errors); beside it the same JVM answering a
 * trivial endpoint, its own {@code /actuator/health/liveness} (the liveness state only: no Kafka, no signature, no
 * body), so that the ratio shows what a webhook costs over the web stack itself in the same process and settings.
 *
 * <p>Load comes from {@code wrk} in its own process, stepping connections (1, 16, 64; quick: 1, 16) for a bounded
 * time each. The callbacks are pre-signed ({@link StackWebhooks#twilioCallback}, the signature covering the public URL
 * and the parameters) and distinct (2,000 recordings; quick: 200), written to a file the Lua script cycles through.
 *
 * <p>Every accepted callback is a real call, and fetch-worker keeps running during the load, as in production: the
 * fetches the callbacks cause (each distinct recording fetched once, every repeat found stored and its
 * {@code RecordingStored} re-emitted, which storage-service and audit-service then consume) compete with ingest-service
 * for the 2 cores. Its group's lag on {@code callvault.call-ended.v1} is sampled throughout; after the load the
 * scenario waits, at most {@link #DRAIN_BOUND} (quick: {@link #QUICK_DRAIN_BOUND}), for it to reach 0, and reports
 * the backlog at the end of the load and how long it took to drain. If it does not drain in time, fetch-worker is
 * stopped, its group moved past the load's records with {@code deploy/ops/replay --since <now>}, and started again,
 * so that later scenarios are not disturbed; the report says so. Run it after the replay scenario: a replay from the
 * start would fetch these calls.
 */
public final class IngestScenario implements Scenario {

    /** Issue 13's goal: signed callbacks per second at 64 connections, every service running. */
    private static final int GOAL_PER_SECOND = 3_000;
    /** How long fetch-worker's backlog may take to drain after the load before it is skipped. */
    private static final Duration DRAIN_BOUND = Duration.ofMinutes(10);
    private static final Duration QUICK_DRAIN_BOUND = Duration.ofMinutes(3);
    private static final Duration LAG_SAMPLE = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        BenchStack bench = BenchStack.shared(context, Map.of());
        boolean quick = context.quick();
        List<Integer> steps = quick ? List.of(1, 16) : List.of(1, 16, 64);
        Duration drainBound = quick ? QUICK_DRAIN_BOUND : DRAIN_BOUND;
        Duration step = Duration.ofSeconds(quick ? 4 : 10);
        Duration warmUp = Duration.ofSeconds(quick ? 3 : 8);
        int distinct = quick ? 200 : 2_000;
        Path work = Files.createDirectories(context.workDir().resolve("ingest"));
        Path requests = writeRequests(new StackWebhooks(bench.addresses(), bench.environment()), distinct,
                work.resolve("twilio-callbacks.tsv"));
        String ingestUrl = bench.addresses().get("ingest-service.url");
        Map<String, String> scriptEnvironment = Map.of("CALLVAULT_BENCH_REQUESTS", requests.toString());
        Wrk wrk = new Wrk(work);

        List<WrkResult> callbacks = new ArrayList<>();
        List<WrkResult> liveness = new ArrayList<>();
        int partitions;
        long lagBefore;
        long backlog;
        long storedDuring;
        long reemittedDuring;
        Instant loadStart;
        Instant loadEnd;
        Optional<ConsumerGroupLag.Sample> drained = Optional.empty();
        List<ConsumerGroupLag.Sample> lagSamples;
        long skipped = 0;
        try (FetchWorkerGroup fetchWorker = new FetchWorkerGroup(bench, context)) {
            partitions = fetchWorker.partitions();
            lagBefore = fetchWorker.lag();
            long storedBefore = fetchWorker.outcomes("stored");
            long reemittedBefore = fetchWorker.outcomes("reemitted");
            try {
                // when: the load, fetch-worker running; then: its backlog drained, within the bound
                loadStart = Instant.now();
                try (ConsumerGroupLag.Sampling lag = fetchWorker.sampleLag(LAG_SAMPLE)) {
                    System.out.println("  warming up ingest-service (" + warmUp.toSeconds() + " s each)");
                    wrk.run(ingestUrl, "signed-requests.lua", scriptEnvironment, 8, warmUp);
                    wrk.run(ingestUrl + "/actuator/health/liveness", null, Map.of(), 8, warmUp);
                    for (int connections : steps) {
                        System.out.printf("  %d connections, %d s each%n", connections, step.toSeconds());
                        callbacks.add(wrk.run(ingestUrl, "signed-requests.lua", scriptEnvironment, connections,
                                step));
                        liveness.add(wrk.run(ingestUrl + "/actuator/health/liveness", null, Map.of(), connections,
                                step));
                    }
                    loadEnd = Instant.now();
                    backlog = fetchWorker.lag();
                    System.out.printf("  waiting up to %d s for fetch-worker's backlog of %,d records%n",
                            drainBound.toSeconds(), backlog);
                    drained = lag.awaitZero(loadEnd, drainBound);
                    lagSamples = lag.samples();
                }
                storedDuring = fetchWorker.outcomes("stored") - storedBefore;
                reemittedDuring = fetchWorker.outcomes("reemitted") - reemittedBefore;
            } finally {
                if (drained.isEmpty()) {
                    // not drained in time (or the load failed): skip what is left, so later scenarios are undisturbed
                    Instant skipFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                    waitUntil(skipFrom);
                    try {
                        fetchWorker.stop();
                        skipped = fetchWorker.lag();
                        fetchWorker.reset("--since", skipFrom.toString());
                    } finally {
                        fetchWorker.start();
                    }
                }
            }
        }

        WrkResult bestCallbacks = callbacks.stream().max(Comparator.comparingDouble(WrkResult::requestsPerSecond))
                .orElseThrow();
        WrkResult bestLiveness = liveness.stream().max(Comparator.comparingDouble(WrkResult::requestsPerSecond))
                .orElseThrow();
        double ratio = bestCallbacks.requestsPerSecond() / bestLiveness.requestsPerSecond();
        long errors = callbacks.stream().mapToLong(WrkResult::errors).sum();

        String throughputPlot = context.plotName("ingest-throughput");
        String latencyPlot = context.plotName("ingest-latency");
        Map<String, List<? extends Number>> throughput = new LinkedHashMap<>();
        throughput.put("Twilio callbacks (202 after broker ack)", callbacks.stream()
                .map(WrkResult::requestsPerSecond).toList());
        throughput.put("/actuator/health/liveness", liveness.stream().map(WrkResult::requestsPerSecond).toList());
        Plots.lines(context.resultsDir().resolve(throughputPlot), "Ingest: requests per second", "connections",
                "requests/s", steps, throughput, true);
        Map<String, List<? extends Number>> latency = new LinkedHashMap<>();
        latency.put("callbacks p50", callbacks.stream().map(r -> r.p50Micros() / 1000.0).toList());
        latency.put("callbacks p99", callbacks.stream().map(r -> r.p99Micros() / 1000.0).toList());
        latency.put("liveness p50", liveness.stream().map(r -> r.p50Micros() / 1000.0).toList());
        latency.put("liveness p99", liveness.stream().map(r -> r.p99Micros() / 1000.0).toList());
        Plots.lines(context.resultsDir().resolve(latencyPlot), "Ingest: latency", "connections", "ms", steps,
                latency, true);
        String backlogPlot = context.plotName("ingest-fetch-backlog");
        Instant start = loadStart;
        Plots.lines(context.resultsDir().resolve(backlogPlot), "Ingest: fetch-worker's lag on call-ended",
                "seconds since the load started", "lag (records)", lagSamples.stream()
                        .map(sample -> Duration.between(start, sample.at()).toMillis() / 1000.0).toList(),
                Map.of("fetch-worker lag", lagSamples.stream().map(ConsumerGroupLag.Sample::lag).toList()), false);
        WrkResult largest = callbacks.getLast();
        String drain = drained.map(zero -> "%.1f s".formatted(Duration.between(loadEnd, zero.at()).toMillis()
                / 1000.0)).orElse("not drained within %d s: %,d records left were skipped with `deploy/ops/replay "
                .formatted(drainBound.toSeconds(), skipped) + "--since <now>` (fetch-worker stopped and restarted)");
        String drainShort = drained.map(zero -> "drained in %.1f s".formatted(Duration.between(loadEnd, zero.at())
                .toMillis() / 1000.0)).orElse("not drained in %d s, skipped".formatted(drainBound.toSeconds()));

        StringBuilder table = new StringBuilder("""
                | connections | callbacks/s | p50 | p99 | errors | liveness req/s | p50 | p99 | callbacks/liveness |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (int i = 0; i < steps.size(); i++) {
            WrkResult c = callbacks.get(i);
            WrkResult l = liveness.get(i);
            table.append("| %d | %,.0f | %.1f ms | %.1f ms | %d | %,.0f | %.1f ms | %.1f ms | %.3f |%n".formatted(
                    steps.get(i), c.requestsPerSecond(), c.p50Micros() / 1000.0, c.p99Micros() / 1000.0, c.errors(),
                    l.requestsPerSecond(), l.p50Micros() / 1000.0, l.p99Micros() / 1000.0,
                    c.requestsPerSecond() / l.requestsPerSecond()));
        }
        String jvm = bench.environment().variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                .orElse(StackSettings.DEFAULT_SERVICE_JVM_OPTS);
        String markdown = """
                Settings: `%s` from its own process (threads = min(connections, 2), keep-alive, %d s per step after \
                a %d s warm-up of each endpoint at 8 connections), only to loopback. %,d distinct Twilio recording \
                status callbacks of tenant `demo` (`completed`, signed with `X-Twilio-Signature` over the public URL \
                and parameters), cycled. ingest-service answers 202 once the broker acknowledged the `CallEnded` \
                (`acks=all`, idempotent producer; Kafka %s, `%s` with %d partitions, one broker). Trivial endpoint: \
                ingest-service's own `/actuator/health/liveness` in the same JVM (the liveness state only), so the \
                ratio isolates the callback's work (form parsing, signature check, Avro, the broker round trip). \
                ingest-service's JVM options: `%s`. Every service ran during the load, fetch-worker included: the \
                fetches the callbacks cause compete for the cores (see the scenario's Javadoc). wrk's latencies are \
                per request (it does not correct for coordinated omission). Goal (issue 13): at least %,d \
                callbacks/s at 64 connections, 0 errors.

                %s
                Best: %,.0f callbacks/s with %d connection(s) (p50 %.1f ms, p99 %.1f ms) against %,.0f liveness \
                requests/s with %d connection(s): ratio %.3f. Errors (status ≥ 400, socket errors, timeouts) over all \
                callback steps: %d.

                fetch-worker during and after the load (its group `%s` on `%s`, lag sampled every %d s with Kafka's \
                admin API):

                | figure | value |
                |---|---:|
                | lag before the load | %,d |
                | backlog (lag) at the end of the load | %,d |
                | largest lag | %,d |
                | time from the end of the load to lag 0 (bound %d s) | %s |
                | outcomes during the load and the drain: fetched from the provider / found stored, re-emitted | %,d / %,d |
                """.formatted(Wrk.version(), step.toSeconds(), warmUp.toSeconds(), distinct,
                AppInfoParser.getVersion(), Topics.CALL_ENDED, partitions, jvm, GOAL_PER_SECOND, table,
                bestCallbacks.requestsPerSecond(), bestCallbacks.connections(), bestCallbacks.p50Micros() / 1000.0,
                bestCallbacks.p99Micros() / 1000.0, bestLiveness.requestsPerSecond(), bestLiveness.connections(),
                ratio, errors, FetchWorkerGroup.GROUP, Topics.CALL_ENDED, LAG_SAMPLE.toSeconds(), lagBefore,
                backlog, Math.max(backlog, lagSamples.stream().mapToLong(ConsumerGroupLag.Sample::lag).max()
                        .orElse(0)), drainBound.toSeconds(), drain, storedDuring, reemittedDuring);
        return new Section("Ingest: signed Twilio callbacks at saturation, every service running", markdown, List.of(
                new SummaryRow(name(), "Twilio callbacks/s at %d connections, every service running (p50 / p99)"
                        .formatted(largest.connections()), "%,.0f /s (%.1f / %.1f ms)".formatted(
                                largest.requestsPerSecond(), largest.p50Micros() / 1000.0,
                                largest.p99Micros() / 1000.0),
                        "acks=all, %d errors; goal ≥ %,d /s at 64, 0 errors".formatted(largest.errors(),
                                GOAL_PER_SECOND)),
                new SummaryRow(name(), "Twilio callbacks/s at saturation (p50 / p99)",
                        "%,.0f /s (%.1f / %.1f ms)".formatted(bestCallbacks.requestsPerSecond(),
                                bestCallbacks.p50Micros() / 1000.0, bestCallbacks.p99Micros() / 1000.0),
                        "%d connections, acks=all, %d errors".formatted(bestCallbacks.connections(), errors)),
                new SummaryRow(name(), "callbacks/s ÷ liveness requests/s (same JVM)", "%.3f".formatted(ratio),
                        "overhead of a signed, acknowledged webhook"),
                new SummaryRow(name(), "fetch-worker backlog at the end of the load", "%,d records".formatted(backlog),
                        drainShort)),
                List.of(throughputPlot, latencyPlot, backlogPlot));
    }

    /** Writes the distinct signed callbacks, one per line: path TAB signature TAB body. */
    private static Path writeRequests(StackWebhooks webhooks, int count, Path file) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                SignedRequest request = webhooks.twilioCallback(webhooks.newTwilioCall());
                out.write(request.path() + "\t" + request.headers().get("X-Twilio-Signature") + "\t" + request.body());
                out.newLine();
            }
        }
        return file;
    }

    private static void waitUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
