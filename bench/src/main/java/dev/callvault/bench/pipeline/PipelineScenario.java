package dev.callvault.bench.pipeline;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.Section.SummaryRow;
import dev.callvault.events.Provider;
import dev.callvault.local.launcher.LocalDefaults;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Issue 6, scenario 3: calls through the whole system with the provider simulator answering at once (no added
 * latency): signed webhooks (Twilio and ElevenLabs, alternately) to ingest-service, fetch-worker pulling each recording
 * from the simulator into the bucket, storage-service cataloguing it {@code AVAILABLE}.
 *
 * <p>Measures webhook-to-{@code AVAILABLE} latency (p50/p95/p99) and the sustained rate (recordings completed per
 * second from the first webhook to the last {@code AVAILABLE}). {@code AVAILABLE} is as storage-service reports it:
 * its catalog list, polled every {@link #POLL} (a few requests per poll, so the poll barely loads the system), gives
 * each entry's {@code updatedAt}, the time storage-service stored the transition; the webhook's time is taken just
 * before it is sent. Both clocks are this machine's.
 */
public final class PipelineScenario implements Scenario {

    /** Webhooks in flight at once: providers send concurrently. */
    private static final int SENDERS = 16;
    private static final Duration POLL = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        BenchStack bench = BenchStack.shared(context, Map.of());
        int calls = context.quick() ? 100 : 1_000;
        Duration timeout = Duration.ofSeconds(context.quick() ? 150 : 360);
        StackWebhooks webhooks = new StackWebhooks(bench.addresses(), bench.environment());
        Catalog catalog = new Catalog(bench.addresses().get("storage-service.url"), bench.environment()
                .property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET), LocalDefaults.TENANT);
        List<ProviderCall> all = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            all.add(webhooks.newCall(i));
        }

        // when: every call's webhook is sent, SENDERS at a time
        System.out.printf("  %,d calls through the pipeline%n", calls);
        Map<UUID, Instant> sentAt = new ConcurrentHashMap<>();
        Map<UUID, Instant> acceptedAt = new ConcurrentHashMap<>();
        AtomicInteger rejected = new AtomicInteger();
        Instant first = Instant.now();
        Semaphore inFlight = new Semaphore(SENDERS);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ProviderCall call : all) {
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

        // then: each accepted call becomes AVAILABLE in the catalog
        Set<UUID> wanted = Set.copyOf(acceptedAt.keySet());
        Map<UUID, Instant> available = Map.of();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            available = catalog.available(wanted);
            if (available.size() == wanted.size()) {
                break;
            }
            Thread.sleep(POLL);
        }

        Histogram latency = new Histogram(Duration.ofHours(1).toMillis(), 3);
        Instant lastAvailable = first;
        for (Map.Entry<UUID, Instant> entry : available.entrySet()) {
            latency.recordValue(Math.max(0, Duration.between(sentAt.get(entry.getKey()), entry.getValue()).toMillis()));
            if (entry.getValue().isAfter(lastAvailable)) {
                lastAvailable = entry.getValue();
            }
        }
        int completed = available.size();
        double elapsedSeconds = Duration.between(first, lastAvailable).toMillis() / 1000.0;
        double perSecond = completed / Math.max(0.001, elapsedSeconds);
        double sendSeconds = Duration.between(first, lastSent).toMillis() / 1000.0;

        String plot = context.plotName("pipeline-completions");
        completionsPlot(context, plot, first, lastAvailable, acceptedAt, available);

        long twilioBytes = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3).length;
        long elevenLabsBytes = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3).length;
        Map<Provider, Long> byProvider = all.stream().collect(Collectors.groupingBy(ProviderCall::provider,
                LinkedHashMap::new, Collectors.counting()));
        String jvm = bench.environment().variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                .orElse(StackSettings.DEFAULT_SERVICE_JVM_OPTS);
        String markdown = """
                Settings: %,d calls of tenant `demo` (%s), each one signed webhook as the provider sends it, %d in \
                flight at once from the benchmark's JVM; the provider simulator serves each recording at once \
                (Twilio: the %,d-byte dual-channel MP3; ElevenLabs: the %,d-byte conversation MP3). Services' JVM \
                options: `%s`. `AVAILABLE` as storage-service reports it: its catalog list polled every %d s, each \
                entry's `updatedAt` (the transition's time in storage-service) minus the time the webhook was sent.

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

                The webhooks arrive faster than the recordings are fetched, so the latency is mostly the wait in \
                `callvault.call-ended.v1` behind earlier calls: the sustained rate is the pipeline's capacity on \
                this machine, and the percentiles show how long a burst of %,d calls takes to drain.
                """.formatted(calls, byProvider.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")), SENDERS, twilioBytes, elevenLabsBytes, jvm,
                POLL.toSeconds(), acceptedAt.size(), rejected.get(), sendSeconds, timeout.toSeconds(), completed,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(95),
                latency.getValueAtPercentile(99), latency.getMaxValue(), perSecond, calls);
        return new Section("Pipeline: %,d calls, webhook to AVAILABLE".formatted(calls), markdown, List.of(
                new SummaryRow(name(), "webhook to AVAILABLE p50 / p95 / p99", "%,d / %,d / %,d ms".formatted(
                        latency.getValueAtPercentile(50), latency.getValueAtPercentile(95),
                        latency.getValueAtPercentile(99)), "%,d calls, simulator at zero latency".formatted(calls)),
                new SummaryRow(name(), "sustained recordings per second", "%.1f /s".formatted(perSecond),
                        "%,d of %,d AVAILABLE".formatted(completed, calls))), List.of(plot));
    }

    /** Cumulative webhooks accepted and recordings AVAILABLE over time, on 100 steps. */
    private static void completionsPlot(BenchContext context, String plot, Instant first, Instant last,
                                        Map<UUID, Instant> accepted, Map<UUID, Instant> available) throws Exception {
        long spanMillis = Math.max(1, Duration.between(first, last).toMillis());
        List<Double> seconds = new ArrayList<>();
        List<Long> acceptedSoFar = new ArrayList<>();
        List<Long> availableSoFar = new ArrayList<>();
        for (int step = 0; step <= 100; step++) {
            Instant at = step == 100 ? last : first.plusMillis(spanMillis * step / 100);
            seconds.add(Duration.between(first, at).toMillis() / 1000.0);
            acceptedSoFar.add(accepted.values().stream().filter(t -> !t.isAfter(at)).count());
            availableSoFar.add(available.values().stream().filter(t -> !t.isAfter(at)).count());
        }
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("webhooks accepted", acceptedSoFar);
        series.put("recordings AVAILABLE", availableSoFar);
        Plots.lines(context.resultsDir().resolve(plot), "Pipeline: calls over time", "seconds since the first webhook",
                "calls (cumulative)", seconds, series, false);
    }
}
