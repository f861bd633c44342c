package dev.callvault.system;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.testing.ReplayScript;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.StoredRecordings;
import dev.callvault.local.testing.StoredRecordings.Seeded;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replay of {@code callvault.call-ended.v1} with {@code deploy/ops/replay} is idempotent: recordings already stored
 * are not fetched again, and neither objects nor catalog rows are duplicated; fetch-worker only re-emits
 * {@code RecordingStored}.
 *
 * <p>The recordings are seeded cheaply but genuinely stored ({@link StoredRecordings}): each object is put in the
 * bucket under the key and with the {@code sha256} metadata fetch-worker writes, then its {@code CallEnded} is
 * published and the running system (fetch-worker finding the object, storage-service cataloguing it) makes it
 * {@code AVAILABLE}. The count is {@link #RECORDINGS}.
 */
class ReplaySystemTests {

    /**
     * Recordings replayed: 2,000 by default, so that the test stays within minutes on 2 busy cores (each recording
     * costs fetch-worker a stat, an acknowledged send and a commit in each pass, and storage-service two transactions
     * and then one more); {@code -Dcallvault.system.replay-recordings=10000} runs the full count.
     */
    private static final int RECORDINGS = Integer.getInteger("callvault.system.replay-recordings", 2_000);
    /** Longest wait for one phase (catalogued, re-emitted): a minute plus 100 ms per recording. */
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60 + RECORDINGS / 10);
    private static final Instant CALL_ENDED_AT = Instant.parse("2026-11-01T10:15:30Z");

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void shouldReplayCallEndedFromTheStartWithoutFetchingOrDuplicatingStoredRecordings() throws Exception {
        // given RECORDINGS recordings of a new tenant, stored and catalogued AVAILABLE
        String tenant = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        String sidPrefix = "RE" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<Seeded> seeded = StoredRecordings.twilio(tenant, sidPrefix, RECORDINGS, CALL_ENDED_AT);
        long started = System.nanoTime();
        StoredRecordings.putObjects(SharedInfrastructure.s3().client(), SystemUnderTest.BUCKET, seeded);
        long objectsPut = System.nanoTime();
        StoredRecordings.publishCallEnded(SharedInfrastructure.kafka().bootstrapServers(), tenant, CALL_ENDED_AT,
                seeded);
        await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> catalogCounts(tenant).getOrDefault("AVAILABLE", 0L) == RECORDINGS);
        long catalogued = System.nanoTime();

        // and while fetch-worker runs, the replay script refuses to reset its group, saying why
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        ReplayScript.Run refused = runReplay("--group", "fetch-worker", "--from-start", "--bootstrap", bootstrap, "--execute");
        assertThat(refused.status()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("Consumer group fetch-worker is Stable")
                .contains("Kafka resets only an inactive group");

        // when fetch-worker's consumer group is reset to the start by the replay script while it is stopped
        ReplayScript.Run[] dryRun = new ReplayScript.Run[1];
        ReplayScript.Run[] replay = new ReplayScript.Run[1];
        system.whileFetchWorkerStopped(() -> {
            dryRun[0] = runReplay("--group", "fetch-worker", "--from-start", "--bootstrap", bootstrap);
            replay[0] = runReplay("--group", "fetch-worker", "--from-start", "--bootstrap", bootstrap, "--execute");
        });
        long restarted = System.nanoTime();

        // then the dry run only showed the plan, and the script reset the group on call-ended
        assertThat(dryRun[0].status()).as(dryRun[0].output()).isZero();
        assertThat(dryRun[0].output()).contains("Dry run").contains("NEW-OFFSET").contains("Nothing changed");
        assertThat(replay[0].status()).as(replay[0].output()).isZero();
        assertThat(replay[0].output()).contains("Resetting consumer group fetch-worker on " + Topics.CALL_ENDED)
                .contains(Topics.CALL_ENDED);

        // and fetch-worker re-emitted RecordingStored for every recording: at least twice each in all (at least once:
        // a record in flight during a rebalance is handed again), always as the same fact, one event id per recording
        Map<UUID, Seeded> byId = seeded.stream().collect(Collectors.toMap(Seeded::recordingId, Function.identity()));
        Map<UUID, List<RecordingStored>> perRecording = new HashMap<>();
        system.topics.read(Topics.RECORDING_STORED, record -> {
            if (!(record.value() instanceof RecordingStored event) || !tenant.equals(event.getTenantId())) {
                return false;
            }
            List<RecordingStored> ofRecording = perRecording.computeIfAbsent(event.getRecordingId(),
                    id -> new ArrayList<>());
            ofRecording.add(event);
            return ofRecording.size() <= 2; // counts towards 2 x RECORDINGS only until the recording has its two
        }, 2 * RECORDINGS, PHASE_TIMEOUT);
        long replayed = System.nanoTime();
        assertThat(perRecording).hasSize(RECORDINGS).allSatisfy((id, events) -> {
            assertThat(events).hasSizeGreaterThanOrEqualTo(2);
            assertThat(events).extracting(RecordingStored::getEventId).containsOnly(events.getFirst().getEventId());
        });
        assertThat(perRecording.values().stream().flatMap(List::stream)).allSatisfy(event -> {
            Seeded expected = byId.get(event.getRecordingId());
            assertThat(event.getObjectKey()).isEqualTo(expected.objectKey());
            assertThat(event.getSha256()).isEqualTo(expected.sha256());
            assertThat(event.getSizeBytes()).isEqualTo(expected.body().length);
        });

        // and nothing was fetched from the provider, then or now
        assertThat(system.provider.findAll(anyRequestedFor(urlMatching(".*/Recordings/" + sidPrefix + ".*"))))
                .isEmpty();

        // and the bucket holds exactly the seeded objects, the catalog exactly one AVAILABLE row per recording
        assertThat(system.bucket.keys(tenant + "/"))
                .containsExactlyInAnyOrderElementsOf(seeded.stream().map(Seeded::objectKey).toList());
        assertThat(catalogCounts(tenant)).containsExactly(Map.entry("AVAILABLE", (long) RECORDINGS));

        System.out.printf("ReplaySystemTests: %d recordings; objects put in %d s, catalogued AVAILABLE after %d s,"
                        + " fetch-worker stopped/reset/restarted in %d s, replay re-emitted in %d s%n", RECORDINGS,
                seconds(started, objectsPut), seconds(objectsPut, catalogued), seconds(catalogued, restarted),
                seconds(restarted, replayed));
    }

    /** @return the tenant's catalog rows by status, read from storage-service's table */
    private static Map<String, Long> catalogCounts(String tenant) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        String url = SharedInfrastructure.postgres().jdbcUrl("storage_system");
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT status, count(*) FROM storage.recording WHERE tenant_id = ? GROUP BY status")) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Runs {@code deploy/ops/replay} as an operator would, with its state folder under {@code target/}. */
    private static ReplayScript.Run runReplay(String... args) {
        return ReplayScript.run(Path.of("..").toAbsolutePath().normalize(), system.workDir.resolve("ops-local"),
                Duration.ofMinutes(3), args);
    }

    private static long seconds(long from, long to) {
        return TimeUnit.NANOSECONDS.toSeconds(to - from);
    }
}
