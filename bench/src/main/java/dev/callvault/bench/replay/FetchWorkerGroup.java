package dev.callvault.bench.replay;

import dev.callvault.bench.BenchContext;
import dev.callvault.bench.BenchStack;
import dev.callvault.bench.ConsumerGroupLag;
import dev.callvault.events.Topics;
import dev.callvault.local.launcher.LocalService;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.testing.ReplayScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.GroupState;

/**
 * fetch-worker and its consumer group {@value #GROUP} on {@code callvault.call-ended.v1}, as an operator handles them
 * for a replay (deploy/ops/README.md): stop the service, reset the group with {@code deploy/ops/replay}, start it
 * again; and what can be watched meanwhile: the group's lag (Kafka's admin API, {@link ConsumerGroupLag}) and
 * fetch-worker's outcome counters.
 */
public final class FetchWorkerGroup implements AutoCloseable {

    /** fetch-worker's consumer group. */
    public static final String GROUP = "fetch-worker";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private final BenchStack bench;
    private final Path repositoryRoot;
    private final Path opsHome;
    private final String bootstrapServers;
    private final ConsumerGroupLag lag;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param bench   the run's stack
     * @param context the run (the repository root; the replay script's cache goes under its work folder)
     */
    public FetchWorkerGroup(BenchStack bench, BenchContext context) {
        this.bench = bench;
        this.repositoryRoot = context.repositoryRoot();
        this.opsHome = context.workDir().resolve("ops-local");
        this.bootstrapServers = bench.addresses().get("kafka.bootstrap-servers");
        this.lag = new ConsumerGroupLag(bootstrapServers);
    }

    /**
     * Runs {@code deploy/ops/replay} without {@code --execute} while fetch-worker runs: it resolves Kafka's tools once
     * (outside any measured time) and must refuse, the group being active.
     *
     * @return the script's run (status {@link ReplayScript#GROUP_ACTIVE} expected)
     */
    public ReplayScript.Run dryRunWhileActive() {
        return ReplayScript.run(repositoryRoot, opsHome, SCRIPT_TIMEOUT, "--group", GROUP, "--from-start",
                "--bootstrap", bootstrapServers);
    }

    /**
     * Stops fetch-worker gracefully (SIGTERM: it leaves the group and commits) and waits until its group is empty.
     *
     * @throws IllegalStateException if the group still has members after a minute
     */
    public void stop() {
        bench.stack().services().stream().filter(process -> process.name().equals(LocalService.FETCH_WORKER.module()))
                .forEach(ServiceProcess::close);
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        while (groupState() != GroupState.EMPTY && groupState() != GroupState.DEAD) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("consumer group " + GROUP + " still has members a minute after "
                        + "fetch-worker stopped");
            }
            sleep(500);
        }
    }

    /**
     * Resets the (stopped) group on {@code call-ended} with {@code deploy/ops/replay ... --execute}.
     *
     * @param position {@code --from-start}, or {@code --since <ISO-8601 instant>}
     * @return the script's run
     * @throws IllegalStateException if the script does not end with status 0
     */
    public ReplayScript.Run reset(String... position) {
        List<String> args = new ArrayList<>(List.of("--group", GROUP));
        args.addAll(List.of(position));
        args.addAll(List.of("--bootstrap", bootstrapServers, "--execute"));
        ReplayScript.Run run = ReplayScript.run(repositoryRoot, opsHome, SCRIPT_TIMEOUT, args.toArray(String[]::new));
        if (run.status() != 0) {
            throw new IllegalStateException("deploy/ops/replay ended with " + run.status() + ": " + run.output());
        }
        return run;
    }

    /**
     * Starts fetch-worker again with the stack's settings and waits until it is healthy.
     *
     * @return how long that took
     */
    public Duration start() {
        Instant started = Instant.now();
        bench.stack().restartService(LocalService.FETCH_WORKER);
        return Duration.between(started, Instant.now());
    }

    /**
     * @return records of {@code callvault.call-ended.v1} the group has not committed yet, summed over the partitions
     *         (offsets: on a compacted topic, records removed by compaction count too)
     * @throws IllegalStateException if the broker does not answer
     */
    public long lag() {
        return lag.lag(GROUP, Topics.CALL_ENDED);
    }

    /**
     * Starts reading the group's lag on {@code callvault.call-ended.v1} in the background.
     *
     * @param interval pause between readings
     * @return the running sampling (close it)
     */
    public ConsumerGroupLag.Sampling sampleLag(Duration interval) {
        return lag.sample(GROUP, Topics.CALL_ENDED, interval);
    }

    /** @return the partitions of {@code callvault.call-ended.v1} */
    public int partitions() {
        return lag.partitions(Topics.CALL_ENDED);
    }

    /**
     * @param outcome a tag value of {@code callvault_fetch_outcomes_total}: {@code stored} (fetched from the provider),
     *                {@code reemitted} (found already stored), {@code skipped}, {@code retrying}, {@code failed}
     * @return fetch-worker's count of that outcome since it started, over every provider
     */
    public long outcomes(String outcome) {
        String url = bench.addresses().get("fetch-worker.url") + "/actuator/prometheus";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Math.round(PrometheusText.sum(response.body(), "callvault_fetch_outcomes_total",
                    Map.of("outcome", outcome)));
        } catch (IOException e) {
            throw new UncheckedIOException("fetch-worker's metrics did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private GroupState groupState() {
        return lag.state(GROUP);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        lag.close();
    }
}
