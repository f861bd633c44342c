package dev.callvault.bench.replay;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.ConsumerGroupLag;
import dev.callvault.bench.Plots;
import dev.callvault.bench.Scenario;
import dev.callvault.bench.Section;
import dev.callvault.bench.Section.SummaryRow;
import dev.callvault.bench.pipeline.Catalog;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.StackSettings;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.ReplayScript;
import dev.callvault.local.testing.StoredRecordings;
import dev.callvault.local.testing.TopicReader;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 6, scenario 4: {@code callvault.call-ended.v1} replayed for fetch-worker's consumer group with
 * {@code deploy/ops/replay} over recordings already stored. Measures events per second (from the first committed
 * progress until the group's lag is 0 again), refetches (provider requests for the seeded recordings, at the
 * simulator; must be 0) and duplicates (objects in the bucket and catalog rows beyond one per recording; must be 0).
 *
 * <p>Setup: 10,000 recordings (quick: 1,000) of a new tenant are seeded as {@link StoredRecordings} does it (object put
 * as fetch-worker stores it, then {@code CallEnded} published; fetch-worker finds the object and storage-service
 * catalogues it {@code AVAILABLE}). Then, as an operator would: fetch-worker stopped, its group reset to the start
 * with the script, fetch-worker started. The replay re-processes the whole topic, including other scenarios' calls.
 */
public final class ReplayScenario implements Scenario {

    private static final Instant CALL_ENDED_AT = Instant.parse("2026-11-01T10:15:30Z");
    private static final Duration LAG_SAMPLE = Duration.ofMillis(500);

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public Section run(BenchContext context) throws Exception {
        BenchStack bench = BenchStack.shared(context, Map.of());
        OperatorEnvironment environment = bench.environment();
        int recordings = context.quick() ? 1_000 : 10_000;
        Duration phaseTimeout = Duration.ofSeconds(120 + recordings / 20);
        String suffix = HexFormat.of().formatHex(randomBytes(4));
        String tenant = "bench-replay-" + suffix;
        String sidPrefix = "RE" + suffix;
        Catalog catalog = new Catalog(bench.addresses().get("storage-service.url"),
                environment.property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET), tenant);
        String bucketName = environment.property("callvault.storage.s3.bucket", LocalDefaults.BUCKET);
        MinioClient s3 = MinioClient.builder().endpoint(bench.addresses().get("s3.endpoint"))
                .credentials(environment.property("callvault.storage.s3.access-key", LocalDefaults.S3_ACCESS_KEY),
                        environment.property("callvault.storage.s3.secret-key", LocalDefaults.S3_SECRET_KEY))
                .region(LocalDefaults.S3_REGION).build();
        BucketContents bucket = new BucketContents(s3, bucketName);
        Path simulatorLog = context.workDir().resolve("stack/logs/provider-simulator.log");

        // setup: the recordings stored and catalogued AVAILABLE
        System.out.printf("  seeding %,d stored recordings of tenant %s%n", recordings, tenant);
        List<StoredRecordings.Seeded> seeded = StoredRecordings.twilio(tenant, sidPrefix, recordings, CALL_ENDED_AT);
        Instant seedStart = Instant.now();
        StoredRecordings.putObjects(s3, bucketName, seeded);
        StoredRecordings.publishCallEnded(bench.addresses().get("kafka.bootstrap-servers"), tenant, CALL_ENDED_AT,
                seeded);
        awaitCount(() -> catalog.count("AVAILABLE"), recordings, phaseTimeout, "catalogued AVAILABLE");
        Duration seeding = Duration.between(seedStart, Instant.now());
        long objectsBefore = bucket.keys(tenant + "/").size();
        long rowsBefore = catalog.count(null);
        long providerRequestsBefore = providerRequests(simulatorLog, sidPrefix);

        try (FetchWorkerGroup group = new FetchWorkerGroup(bench, context)) {
            ReplayScript.Run refused = group.dryRunWhileActive();
            if (refused.status() != ReplayScript.GROUP_ACTIVE) {
                throw new IllegalStateException("deploy/ops/replay should refuse while fetch-worker runs: "
                        + refused.output());
            }
            // when: stopped, reset to the start, started again
            System.out.println("  replaying " + Topics.CALL_ENDED + " for " + FetchWorkerGroup.GROUP);
            group.stop();
            long replayed;
            Instant reset;
            ConsumerGroupLag.Sampling sampling;
            Duration restart;
            try {
                group.reset("--from-start");
                replayed = group.lag();
                reset = Instant.now();
                sampling = group.sampleLag(LAG_SAMPLE);
            } finally {
                // fetch-worker runs again whatever happened: later scenarios need it
                restart = group.start();
            }
            List<long[]> samples;
            try (sampling) {
                ConsumerGroupLag.Sample drained = sampling.awaitZero(reset, phaseTimeout).orElseThrow(() ->
                        new IllegalStateException("the lag of " + FetchWorkerGroup.GROUP + " was not 0 within "
                                + phaseTimeout));
                // {millis since reset, lag}, until the first reading of 0
                samples = sampling.samples().stream().filter(sample -> !sample.at().isAfter(drained.at()))
                        .map(sample -> new long[] {Duration.between(reset, sample.at()).toMillis(), sample.lag()})
                        .toList();
            }
            long firstProgressMillis = samples.stream().filter(s -> s[1] < replayed).mapToLong(s -> s[0])
                    .findFirst().orElse(0);
            long drainedMillis = samples.getLast()[0];
            double eventsPerSecond = replayed * 1000.0 / Math.max(1, drainedMillis - firstProgressMillis);

            // then: nothing fetched, nothing duplicated, each seeded recording re-emitted once
            long reemitted = group.outcomes("reemitted");
            long fetched = group.outcomes("stored");
            long refetches = providerRequests(simulatorLog, sidPrefix) - providerRequestsBefore;
            List<RecordingStored> stored = new TopicReader(bench.addresses().get("kafka.bootstrap-servers"))
                    .read(Topics.RECORDING_STORED, record -> record.value() instanceof RecordingStored event
                            && tenant.equals(event.getTenantId()), 2 * recordings, phaseTimeout).stream()
                    .map(RecordingStored.class::cast).toList();
            Map<UUID, Long> perRecording = stored.stream().collect(Collectors.groupingBy(
                    RecordingStored::getRecordingId, Collectors.counting()));
            long notReemittedOnce = seeded.stream().map(StoredRecordings.Seeded::recordingId)
                    .filter(id -> perRecording.getOrDefault(id, 0L) != 2).count();
            long objectsAfter = bucket.keys(tenant + "/").size();
            long rowsAfter = catalog.count(null);
            long availableAfter = catalog.count("AVAILABLE");
            long duplicates = Math.max(0, objectsAfter - recordings) + Math.max(0, rowsAfter - recordings);

            String plot = context.plotName("replay-lag");
            List<Double> seconds = samples.stream().map(s -> s[0] / 1000.0).toList();
            List<Long> lags = samples.stream().map(s -> s[1]).toList();
            Plots.lines(context.resultsDir().resolve(plot), "Replay of call-ended: fetch-worker's lag",
                    "seconds since the group was reset", "lag (records)", seconds, Map.of("lag", lags), false);

            String jvm = environment.variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                    .orElse(StackSettings.DEFAULT_SERVICE_JVM_OPTS);
            String markdown = """
                    Setup: %,d recordings of tenant `%s` seeded stored (tiny objects put as fetch-worker stores them, \
                    then their `CallEnded` published; fetch-worker found each object and storage-service catalogued \
                    it `AVAILABLE`) in %.1f s. `%s` has %d partitions. Services' JVM options: `%s`.

                    Replay, as an operator does it (deploy/ops/README.md): fetch-worker stopped (SIGTERM), its group \
                    reset with `deploy/ops/replay --group %s --from-start --execute`, fetch-worker started again \
                    (healthy after %.1f s). The whole topic is replayed: %,d records (offsets, including other \
                    scenarios' calls). Events per second are counted from the group's first committed progress \
                    until its lag was 0 (sampled every %d ms with Kafka's admin API).

                    | figure | value |
                    |---|---:|
                    | records replayed | %,d |
                    | events per second | %,.0f |
                    | time from the first progress to lag 0 | %.1f s |
                    | time from the reset to lag 0 (restart included) | %.1f s |
                    | refetches: provider requests for the seeded recordings (must be 0) | %d |
                    | fetch-worker outcomes during the replay: re-emitted / fetched | %,d / %,d |
                    | seeded recordings not re-emitted exactly once | %d |
                    | objects in the bucket before / after | %,d / %,d |
                    | catalog rows before / after (AVAILABLE after) | %,d / %,d (%,d) |
                    | duplicates (must be 0) | %d |

                    "Fetched" counts recordings on the topic that were never stored before (e.g. calls another \
                    scenario left unfetched): a replay heals them. Refetches count only the seeded recordings, from \
                    the provider simulator's request log.
                    """.formatted(recordings, tenant, seeding.toMillis() / 1000.0, Topics.CALL_ENDED,
                    group.partitions(), jvm, FetchWorkerGroup.GROUP, restart.toMillis() / 1000.0, replayed,
                    LAG_SAMPLE.toMillis(), replayed, eventsPerSecond,
                    (drainedMillis - firstProgressMillis) / 1000.0, drainedMillis / 1000.0, refetches, reemitted,
                    fetched, notReemittedOnce, objectsBefore, objectsAfter, rowsBefore, rowsAfter, availableAfter,
                    duplicates);
            return new Section("Replay: %,d stored recordings, call-ended replayed".formatted(recordings), markdown,
                    List.of(new SummaryRow(name(), "replayed call-ended events per second",
                                    "%,.0f /s".formatted(eventsPerSecond), "%,d records".formatted(replayed)),
                            new SummaryRow(name(), "refetches", String.valueOf(refetches), "must be 0"),
                            new SummaryRow(name(), "duplicates (objects, catalog rows)", String.valueOf(duplicates),
                                    "must be 0")),
                    List.of(plot));
        }
    }

    /** @return requests for the seeded recordings' media the provider simulator logged */
    private static long providerRequests(Path simulatorLog, String sidPrefix) {
        if (!Files.exists(simulatorLog)) {
            throw new IllegalStateException("no provider simulator log at " + simulatorLog);
        }
        try (Stream<String> lines = Files.lines(simulatorLog)) {
            return lines.filter(line -> line.contains("/Recordings/" + sidPrefix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected, Duration timeout,
                                   String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long seen;
        while ((seen = count.getAsLong()) < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(seen + " of " + expected + " recordings " + what + " after "
                        + timeout);
            }
            Thread.sleep(1000);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
