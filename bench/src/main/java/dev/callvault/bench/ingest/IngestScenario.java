package dev.callvault.bench.ingest;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Issue 6, scenario 2: signed Twilio recording status callbacks per second at saturation, each answered 202 only once
 * the broker acknowledged its {@code CallEnded} ({@code acks=all}, idempotent producer, as ingest-service is
 * configured), with p50/p99 latency; beside it the same JVM answering a trivial endpoint, its own
 * {@code /actuator/health/liveness} (the liveness state only: no Kafka, no signature, no body), so that the ratio shows
 * what a webhook costs over the web stack itself in the same process and settings.
 *
 * <p>Load comes from {@code wrk} in its own process, stepping connections (1, 8, 32, 64; quick: 1, 16) for a bounded
 * time each. The callbacks are pre-signed ({@link StackWebhooks#twilioCallback}, the signature covering the public URL
 * and the parameters) and distinct (2,000 recordings; quick: 200), written to a file the Lua script cycles through.
 *
 * <p>Every accepted callback is a real call. So that the load neither competes with fetch-worker for the 2 cores
 * nor leaves it a backlog for later scenarios, fetch-worker is stopped during the load, and afterwards its consumer
 * group is moved past the load's records with {@code deploy/ops/replay --since <end of the load>} before it starts
 * again. Run it after the replay scenario: a replay from the start would fetch these calls.
 */
public final class IngestScenario implements Scenario {

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        BenchStack bench = BenchStack.shared(context, Map.of());
        boolean quick = context.quick();
        List<Integer> steps = quick ? List.of(1, 16) : List.of(1, 8, 32, 64);
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
        try (FetchWorkerGroup fetchWorker = new FetchWorkerGroup(bench, context)) {
            partitions = fetchWorker.partitions();
            fetchWorker.stop();
            try {
                System.out.println("  warming up ingest-service (" + warmUp.toSeconds() + " s each)");
                wrk.run(ingestUrl, "signed-requests.lua", scriptEnvironment, 8, warmUp);
                wrk.run(ingestUrl + "/actuator/health/liveness", null, Map.of(), 8, warmUp);
                for (int connections : steps) {
                    System.out.printf("  %d connections, %d s each%n", connections, step.toSeconds());
                    callbacks.add(wrk.run(ingestUrl, "signed-requests.lua", scriptEnvironment, connections, step));
                    liveness.add(wrk.run(ingestUrl + "/actuator/health/liveness", null, Map.of(), connections, step));
                }
            } finally {
                Instant loadEnd = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
                waitUntil(loadEnd);
                try {
                    fetchWorker.reset("--since", loadEnd.toString());
                } finally {
                    fetchWorker.start();
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
                ingest-service's JVM options: `%s`. fetch-worker was stopped during the load (see the scenario's \
                Javadoc). wrk's latencies are per request (it does not correct for coordinated omission).

                %s
                Best: %,.0f callbacks/s with %d connection(s) (p50 %.1f ms, p99 %.1f ms) against %,.0f liveness \
                requests/s with %d connection(s): ratio %.3f. Errors (status ≥ 400, socket errors, timeouts) over all \
                callback steps: %d.
                """.formatted(Wrk.version(), step.toSeconds(), warmUp.toSeconds(), distinct,
                AppInfoParser.getVersion(), Topics.CALL_ENDED, partitions, jvm, table,
                bestCallbacks.requestsPerSecond(), bestCallbacks.connections(), bestCallbacks.p50Micros() / 1000.0,
                bestCallbacks.p99Micros() / 1000.0, bestLiveness.requestsPerSecond(), bestLiveness.connections(),
                ratio, errors);
        return new Section("Ingest: signed Twilio callbacks at saturation", markdown, List.of(
                new SummaryRow(name(), "Twilio callbacks/s at saturation (p50 / p99)",
                        "%,.0f /s (%.1f / %.1f ms)".formatted(bestCallbacks.requestsPerSecond(),
                                bestCallbacks.p50Micros() / 1000.0, bestCallbacks.p99Micros() / 1000.0),
                        "%d connections, acks=all, %d errors".formatted(bestCallbacks.connections(), errors)),
                new SummaryRow(name(), "callbacks/s ÷ liveness requests/s (same JVM)", "%.3f".formatted(ratio),
                        "overhead of a signed, acknowledged webhook")),
                List.of(throughputPlot, latencyPlot));
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
