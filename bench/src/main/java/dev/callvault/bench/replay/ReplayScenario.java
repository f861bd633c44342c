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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 6, scenario 4, with issue 13's additions: {@code callvault.call-ended.v1} replayed for fetch-worker's consumer
 * group with {@code deploy/ops/replay} over recordings already stored. Measures events per second (from the first
 * committed progress until the group's lag is 0 again), refetches (provider requests for the seeded recordings, at the
 * simulator; must be 0) and duplicates (objects in the bucket and catalog rows beyond one per recording; must be 0).
 *
 * <p>The replay re-emits a {@code RecordingStored} per stored recording, with the first one's event id, and those
 * are work for its consumers: the scenario times how long audit-service's and storage-service's groups
 * ({@value #AUDIT_GROUP}, {@value #STORAGE_GROUP}) take to reach lag 0 on {@code callvault.recording-stored.v1}
 * (Kafka's admin API, sampled from the reset on), and reads the custody timeline of {@value #CUSTODY_SAMPLE} seeded
 * recordings picked at random (fixed seed) from audit-service's API ({@link CustodyTimelines}) before the replay and
 * once both groups are at lag 0 after it: entries per kind, and duplicates (entries the replay added, or an event id
 * twice in a timeline; must be 0: audit-service records an event id once).
 *
 * <p>Setup: 10,000 recordings (quick: 1,000) of a new tenant are seeded as {@link StoredRecordings} does it (object put
 * as fetch-worker stores it, then {@code CallEnded} published; fetch-worker finds the object and storage-service
 * catalogues it {@code AVAILABLE}). Then, as an operator would: fetch-worker stopped, its group reset to the start
 * with the script, fetch-worker started. The replay re-processes the whole topic, including other scenarios' calls.
 */
public final class ReplayScenario implements Scenario {

    private static final Instant CALL_ENDED_AT = Instant.parse("2026-11-01T10:15:30Z");
    private static final Duration LAG_SAMPLE = Duration.ofMillis(500);
    /**
     * audit-service's consumer group ({@code AuditConsumers.GROUP_ID}): its custody listener consumes
     * {@code call-ended} and {@code recording-stored} into the custody log.
     */
    static final String AUDIT_GROUP = "audit-service";
    /** storage-service's consumer group ({@code CatalogEventListener.GROUP_ID}): the catalog. */
    static final String STORAGE_GROUP = "storage-service";
    /** Seeded recordings whose custody timelines are read before and after the replay. */
    static final int CUSTODY_SAMPLE = 20;
    private static final long CUSTODY_SAMPLE_SEED = 13;

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
        List<UUID> shuffled = new ArrayList<>(seeded.stream().map(StoredRecordings.Seeded::recordingId).toList());
        Collections.shuffle(shuffled, new Random(CUSTODY_SAMPLE_SEED));
        List<UUID> sample = List.copyOf(shuffled.subList(0, Math.min(CUSTODY_SAMPLE, shuffled.size())));
        CustodyTimelines custody = new CustodyTimelines(bench, tenant);

        try (FetchWorkerGroup group = new FetchWorkerGroup(bench, context);
             ConsumerGroupLag downstream = new ConsumerGroupLag(bench.addresses().get("kafka.bootstrap-servers"))) {
            // the sample's custody timelines, once audit-service has recorded the seeding's events
            awaitLagZero(downstream, AUDIT_GROUP, Topics.CALL_ENDED, phaseTimeout);
            awaitLagZero(downstream, AUDIT_GROUP, Topics.RECORDING_STORED, phaseTimeout);
            Map<UUID, CustodyTimelines.Counts> custodyBefore = new LinkedHashMap<>();
            for (UUID id : sample) {
                custodyBefore.put(id, custody.count(id));
            }

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
            ConsumerGroupLag.Sampling auditSampling;
            ConsumerGroupLag.Sampling storageSampling;
            Duration restart;
            try {
                group.reset("--from-start");
                replayed = group.lag();
                reset = Instant.now();
                sampling = group.sampleLag(LAG_SAMPLE);
                auditSampling = downstream.sample(AUDIT_GROUP, Topics.RECORDING_STORED, LAG_SAMPLE);
                storageSampling = downstream.sample(STORAGE_GROUP, Topics.RECORDING_STORED, LAG_SAMPLE);
            } finally {
                // fetch-worker runs again whatever happened: later scenarios need it
                restart = group.start();
            }
            List<long[]> samples;
            Instant drainedAt;
            Optional<ConsumerGroupLag.Sample> auditDrained;
            Optional<ConsumerGroupLag.Sample> storageDrained;
            long auditMaxLag;
            long storageMaxLag;
            try (sampling; auditSampling; storageSampling) {
                ConsumerGroupLag.Sample drained = sampling.awaitZero(reset, phaseTimeout).orElseThrow(() ->
                        new IllegalStateException("the lag of " + FetchWorkerGroup.GROUP + " was not 0 within "
                                + phaseTimeout));
                drainedAt = drained.at();
                // {millis since reset, lag}, until the first reading of 0
                samples = sampling.samples().stream().filter(reading -> !reading.at().isAfter(drained.at()))
                        .map(reading -> new long[] {Duration.between(reset, reading.at()).toMillis(), reading.lag()})
                        .toList();
                // at lag 0 fetch-worker has published every re-emitted RecordingStored: its consumers' next reading
                // of 0 is the end of that work
                System.out.println("  waiting for " + AUDIT_GROUP + " and " + STORAGE_GROUP + " on "
                        + Topics.RECORDING_STORED);
                auditDrained = auditSampling.awaitZero(drainedAt, phaseTimeout);
                storageDrained = storageSampling.awaitZero(drainedAt, phaseTimeout);
                auditMaxLag = auditSampling.maxLag();
                storageMaxLag = storageSampling.maxLag();
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

            // the sample's custody timelines again: every entry the replay added is a duplicate
            Map<String, long[]> perKind = new TreeMap<>(); // kind -> {before, after}, summed over the sample
            long custodyDuplicates = 0;
            long entriesBefore = 0;
            long entriesAfter = 0;
            for (UUID id : sample) {
                CustodyTimelines.Counts before = custodyBefore.get(id);
                CustodyTimelines.Counts after = custody.count(id);
                entriesBefore += before.entries();
                entriesAfter += after.entries();
                custodyDuplicates += after.repeatedIds();
                Set<String> kinds = new TreeSet<>(before.perKind().keySet());
                kinds.addAll(after.perKind().keySet());
                for (String kind : kinds) {
                    long was = before.perKind().getOrDefault(kind, 0L);
                    long is = after.perKind().getOrDefault(kind, 0L);
                    long[] counts = perKind.computeIfAbsent(kind, k -> new long[2]);
                    counts[0] += was;
                    counts[1] += is;
                    custodyDuplicates += Math.max(0, is - was);
                }
            }
            int sampled = Math.max(1, sample.size());
            StringBuilder custodyTable = new StringBuilder("""
                    | custody entry kind | entries before (sample) | after | per recording before / after |
                    |---|---:|---:|---:|
                    """);
            perKind.forEach((kind, counts) -> custodyTable.append("| `%s` | %,d | %,d | %.2f / %.2f |%n".formatted(
                    kind, counts[0], counts[1], (double) counts[0] / sampled, (double) counts[1] / sampled)));
            custodyTable.append("| all | %,d | %,d | %.2f / %.2f |%n".formatted(entriesBefore, entriesAfter,
                    (double) entriesBefore / sampled, (double) entriesAfter / sampled));
            String auditLag0 = lagZero(auditDrained, reset, drainedAt, phaseTimeout);
            String storageLag0 = lagZero(storageDrained, reset, drainedAt, phaseTimeout);
            boolean downstreamDrained = auditDrained.isPresent() && storageDrained.isPresent();

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

                    ### The re-emitted RecordingStored downstream

                    Each re-emitted `RecordingStored` (same event id as the first) is work for the consumers of \
                    `%s`: their groups' lag, sampled every %d ms from the reset on; "lag 0" is the first reading of \
                    0 once fetch-worker's lag was 0 (by then every re-emitted event was published).

                    | consumer group | largest lag during the replay | lag 0: after the reset / after fetch-worker's lag 0 |
                    |---|---:|---:|
                    | `%s` (custody log) | %,d | %s |
                    | `%s` (catalog) | %,d | %s |

                    Custody timelines of %d seeded recordings picked at random (seed %d), read from audit-service \
                    (`GET /v1/recordings/{id}/custody`, scope `audit:read`, every page) before the replay, once its \
                    group was at lag 0 on `%s` and `%s`, and after it, %s. Duplicates: entries a sampled timeline \
                    gained per kind, plus event ids repeated within a timeline.

                    %s
                    Custody duplicates in the sample (must be 0): %d.
                    """.formatted(recordings, tenant, seeding.toMillis() / 1000.0, Topics.CALL_ENDED,
                    group.partitions(), jvm, FetchWorkerGroup.GROUP, restart.toMillis() / 1000.0, replayed,
                    LAG_SAMPLE.toMillis(), replayed, eventsPerSecond,
                    (drainedMillis - firstProgressMillis) / 1000.0, drainedMillis / 1000.0, refetches, reemitted,
                    fetched, notReemittedOnce, objectsBefore, objectsAfter, rowsBefore, rowsAfter, availableAfter,
                    duplicates, Topics.RECORDING_STORED, LAG_SAMPLE.toMillis(), AUDIT_GROUP, auditMaxLag, auditLag0,
                    STORAGE_GROUP, storageMaxLag, storageLag0, sample.size(), CUSTODY_SAMPLE_SEED, Topics.CALL_ENDED,
                    Topics.RECORDING_STORED, downstreamDrained ? "once both groups were at lag 0 on `"
                            + Topics.RECORDING_STORED + "`" : "when the wait for both groups' lag 0 ended (one did "
                            + "not reach it: entries still queued could be missing)", custodyTable,
                    custodyDuplicates);
            return new Section("Replay: %,d stored recordings, call-ended replayed".formatted(recordings), markdown,
                    List.of(new SummaryRow(name(), "replayed call-ended events per second",
                                    "%,.0f /s".formatted(eventsPerSecond), "%,d records".formatted(replayed)),
                            new SummaryRow(name(), "refetches", String.valueOf(refetches), "must be 0"),
                            new SummaryRow(name(), "duplicates (objects, catalog rows)", String.valueOf(duplicates),
                                    "must be 0"),
                            new SummaryRow(name(), "custody timeline duplicates (%d sampled recordings)"
                                    .formatted(sample.size()), String.valueOf(custodyDuplicates),
                                    "must be 0; entries per recording %.2f before, %.2f after".formatted(
                                            (double) entriesBefore / sampled, (double) entriesAfter / sampled)),
                            new SummaryRow(name(), "recording-stored lag 0 after the reset: audit-service / "
                                    + "storage-service", "%s / %s".formatted(secondsAfter(auditDrained, reset),
                                    secondsAfter(storageDrained, reset)), "the re-emitted RecordingStored consumed")),
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

    /** Waits until the group's lag on the topic reads 0. */
    private static void awaitLagZero(ConsumerGroupLag lag, String group, String topic, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long seen;
        while ((seen = lag.lag(group, topic)) > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the lag of " + group + " on " + topic + " was still " + seen
                        + " after " + timeout);
            }
            Thread.sleep(LAG_SAMPLE);
        }
    }

    /** @return e.g. {@code 151.2 s / 8.5 s}, or that the lag was not 0 within the timeout */
    private static String lagZero(Optional<ConsumerGroupLag.Sample> zero, Instant reset, Instant fetchWorkerDrained,
                                  Duration timeout) {
        return zero.map(reading -> "%.1f s / %.1f s".formatted(
                        Duration.between(reset, reading.at()).toMillis() / 1000.0,
                        Duration.between(fetchWorkerDrained, reading.at()).toMillis() / 1000.0))
                .orElse("not 0 within %d s of fetch-worker's lag 0".formatted(timeout.toSeconds()));
    }

    /** @return seconds from {@code from} to the reading of 0, or {@code not 0} */
    private static String secondsAfter(Optional<ConsumerGroupLag.Sample> zero, Instant from) {
        return zero.map(reading -> "%.1f s".formatted(Duration.between(from, reading.at()).toMillis() / 1000.0))
                .orElse("not 0");
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
