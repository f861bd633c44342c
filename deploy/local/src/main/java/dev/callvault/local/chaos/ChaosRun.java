package dev.callvault.local.chaos;

import dev.callvault.local.launcher.LocalService;
import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.simulator.LargeRecording;
import dev.callvault.local.testing.ProviderCall;
import dev.callvault.local.testing.StackWebhooks;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Drives a running {@link LocalStack} through infrastructure faults in the middle of webhook traffic and counts what
 * survived: every call a provider reported must end up {@code AVAILABLE} in the catalog with the provider's bytes,
 * exactly once in the bucket and in the catalog, without restarting a service (only the killed fetch worker is
 * started again).
 *
 * <p>Each {@link Scenario} sends half of its calls before the fault and half during it (Twilio and ElevenLabs webhooks,
 * signed as the providers sign them), observes the fault from the outside while it lasts ({@code /actuator/health} of
 * the affected service, ingest's answers), ends the fault, re-sends the calls ingest did not accept (as a provider
 * retries a 503; each call counts as sent once) and waits until every call is {@code AVAILABLE}:
 *
 * <ul>
 *   <li>{@link Scenario#BROKER_RESTART}: the Kafka broker stopped for {@link Options#brokerOutage()}; ingest-service's
 *       {@code kafka} health is DOWN and it answers 503 to every webhook meanwhile.</li>
 *   <li>{@link Scenario#POSTGRES_RESTART}: PostgreSQL stopped for {@link Options#postgresOutage()} (at least until the
 *       outage shows); storage-service's {@code db} health is DOWN, ingest still accepts webhooks.</li>
 *   <li>{@link Scenario#POSTGRES_LONG_OUTAGE}: PostgreSQL stopped for {@link Options#postgresLongOutage()}
 *       (7 minutes, longer than the consumers' former 5-minute retry limit); storage-service's {@code db} and
 *       {@code consumers} health are DOWN, ingest still accepts webhooks, and nothing fetched meanwhile is lost.</li>
 *   <li>{@link Scenario#S3_OUTAGE}: S3Proxy stopped for {@link Options#s3Outage()}; fetch-worker's
 *       {@code objectStore} health is DOWN.</li>
 *   <li>{@link Scenario#FETCH_WORKER_KILL}: a large recording ({@link Options#largeRecording()}) served slowly by the
 *       simulator; once part of it was served, fetch-worker is killed with {@code SIGKILL}; no object exists for that
 *       recording until the restarted worker fetched it again, and then its SHA-256 is the served bytes'.</li>
 *   <li>{@link Scenario#UPLOAD_CRASH}: direct uploads instead of webhooks; half before the fault, half with the broker
 *       stopped, so that each commits its catalog entry (and the publication of its {@code RecordingStored}) and
 *       then waits for the broker; once every entry is {@code AVAILABLE}, storage-service is killed with
 *       {@code SIGKILL} before any of them was answered, the broker and storage-service are started again, and
 *       every upload must become playable (playback-service's read model {@code AVAILABLE}), its
 *       {@code RecordingStored} on the topic with one event id.</li>
 * </ul>
 *
 * Counting ({@link ScenarioResult}): calls sent (uploads sent, for {@link Scenario#UPLOAD_CRASH}); recordings {@code AVAILABLE} with the expected SHA-256 and size;
 * duplicates (recordings with more than one object in the bucket or more than one row in the catalog list); lost
 * (sent but not available within {@link Options#recoveryTimeout()}); time to recover (fault end until every call is
 * available). Checks also require every call's {@code CallEnded} on its topic and every service healthy again.
 */
public final class ChaosRun {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Set<String> DOWN = Set.of("DOWN", "OUT_OF_SERVICE");

    /** The faults, in the order {@link #run} plays them when asked for all. */
    public enum Scenario {
        /** Kafka broker stopped and started again on the same ports and log folder. */
        BROKER_RESTART("broker restart"),
        /** PostgreSQL stopped and started again on the same port and data folder. */
        POSTGRES_RESTART("postgresql restart"),
        /**
         * PostgreSQL down for {@link Options#postgresLongOutage()} (7 minutes): longer than the 5 minutes after which
         * the consumers used to dead-letter a record, so what was fetched or served meanwhile must survive it.
         */
        POSTGRES_LONG_OUTAGE("postgresql down 7 minutes"),
        /** S3Proxy unreachable, then started again on the same port and data. */
        S3_OUTAGE("s3 unreachable"),
        /** fetch-worker killed with SIGKILL in the middle of a large upload, then started again. */
        FETCH_WORKER_KILL("kill -9 fetch-worker"),
        /**
         * storage-service killed with SIGKILL after direct uploads committed their catalog entries and before the
         * broker acknowledged their {@code RecordingStored}, then started again.
         */
        UPLOAD_CRASH("upload crash");

        private final String label;

        Scenario(String label) {
            this.label = label;
        }

        /** @return the name printed in the result table */
        public String label() {
            return label;
        }
    }

    /**
     * How hard a run pushes.
     *
     * @param calls           calls per scenario (half before the fault, half during it), at least 2
     * @param brokerOutage    how long the broker stays down
     * @param postgresOutage  how long PostgreSQL stays down at least (longer until storage-service reports it)
     * @param postgresLongOutage how long PostgreSQL stays down in {@link Scenario#POSTGRES_LONG_OUTAGE}
     * @param s3Outage        how long S3Proxy stays down (the issue asks for 30 seconds)
     * @param largeRecording  the recording fetch-worker is killed in the middle of
     * @param recoveryTimeout longest wait, after a fault ended, for every call to be available
     */
    public record Options(int calls, Duration brokerOutage, Duration postgresOutage, Duration postgresLongOutage,
                          Duration s3Outage, LargeRecording largeRecording, Duration recoveryTimeout) {

        /**
         * @throws IllegalArgumentException for fewer than 2 calls
         */
        public Options {
            if (calls < 2) {
                throw new IllegalArgumentException("a scenario needs at least 2 calls, one before and one during the fault");
            }
        }

        /**
         * @return 4 calls per scenario, broker down 10 s, PostgreSQL down 10 s (and 7 minutes in the long outage), S3
         *         down 30 s, a 100 MiB recording served at 8 MiB/s, recovery within 4 minutes
         */
        public static Options defaults() {
            return new Options(4, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(7),
                    Duration.ofSeconds(30),
                    new LargeRecording(100L * 1024 * 1024, 8L * 1024 * 1024), Duration.ofMinutes(4));
        }
    }

    /**
     * One observation made during a scenario.
     *
     * @param description what was expected, e.g. {@code ingest-service health: kafka DOWN during the outage}
     * @param passed      whether it was seen
     */
    public record Check(String description, boolean passed) {
    }

    /**
     * What one scenario left behind.
     *
     * @param scenario      the fault
     * @param callsSent     calls reported by the providers (a call re-sent after a 503 counts once)
     * @param available     of them, recordings {@code AVAILABLE} with the served bytes' SHA-256 and size
     * @param duplicates    recordings with more than one object in the bucket or more than one catalog row
     * @param lost          calls sent but not available when the recovery timeout ended
     * @param timeToRecover from the end of the fault until every call was available (or the timeout ended)
     * @param checks        the observations made during and after the fault
     */
    public record ScenarioResult(Scenario scenario, int callsSent, int available, int duplicates, int lost,
                                 Duration timeToRecover, List<Check> checks) {

        /** @return whether nothing was lost or duplicated and every check passed */
        public boolean passed() {
            return lost == 0 && duplicates == 0 && checks.stream().allMatch(Check::passed);
        }
    }

    private final LocalStack stack;
    private final PrintStream out;
    private final Options options;
    private final StackWebhooks webhooks;
    private final StackUploads uploads;
    private final StackProbe probe;

    /**
     * @param stack       a running stack started by this JVM (its infrastructure is stopped and started)
     * @param addresses   its addresses ({@link dev.callvault.local.launcher.StackFile})
     * @param environment the operator's environment (credentials, with the local defaults)
     * @param out         where progress is printed
     * @param options     sizes and durations
     */
    public ChaosRun(LocalStack stack, Map<String, String> addresses, OperatorEnvironment environment, PrintStream out,
                    Options options) {
        this.stack = stack;
        this.out = out;
        this.options = options;
        this.webhooks = new StackWebhooks(addresses, environment);
        this.uploads = new StackUploads(addresses, environment);
        this.probe = new StackProbe(addresses, environment);
    }

    /**
     * Plays the scenarios one after the other.
     *
     * @param scenarios the faults, in order
     * @return one result per scenario, in order
     */
    public List<ScenarioResult> run(List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            out.println("Scenario: " + scenario.label());
            ScenarioResult result = switch (scenario) {
                case BROKER_RESTART -> brokerRestart();
                case POSTGRES_RESTART -> postgresRestart();
                case POSTGRES_LONG_OUTAGE -> postgresLongOutage();
                case S3_OUTAGE -> s3Outage();
                case FETCH_WORKER_KILL -> fetchWorkerKill();
                case UPLOAD_CRASH -> uploadCrash();
            };
            result.checks().forEach(check -> out.println("  [" + (check.passed() ? "ok" : "FAILED") + "] "
                    + check.description()));
            results.add(result);
        }
        return results;
    }

    private ScenarioResult brokerRestart() {
        return outage(new Outage(Scenario.BROKER_RESTART, "Kafka", stack::stopKafka, stack::startKafka,
                options.brokerOutage(), "ingest-service", "kafka", Duration.ofSeconds(30), 503));
    }

    private ScenarioResult postgresRestart() {
        return outage(new Outage(Scenario.POSTGRES_RESTART, "PostgreSQL", stack::stopPostgres, stack::startPostgres,
                options.postgresOutage(), "storage-service", "db", Duration.ofSeconds(90), 202));
    }

    /**
     * PostgreSQL down for longer than any consumer used to retry: the calls of the outage are fetched meanwhile (the
     * fetch worker needs no database), their {@code RecordingStored} waits in the consumers, and storage-service's
     * {@code consumers} health shows the retrying listener.
     */
    private ScenarioResult postgresLongOutage() {
        Traffic traffic = new Traffic();
        List<Check> checks = new ArrayList<>();
        traffic.send(before());
        Instant faultStart = Instant.now();
        stack.stopPostgres();
        out.println("  PostgreSQL stopped for " + options.postgresLongOutage().toMinutes() + " minutes");
        checks.add(healthDown("storage-service", "db", Duration.ofSeconds(90)));
        List<Integer> answers = traffic.send(during());
        checks.add(new Check("ingest-service answered 202 to every webhook while PostgreSQL was down " + answers,
                answers.stream().allMatch(status -> status == 202)));
        checks.add(healthDown("storage-service", "consumers", Duration.ofSeconds(90)));
        sleepUntil(faultStart.plus(options.postgresLongOutage()));
        checks.add(new Check("storage-service health: consumers still DOWN (retrying) at the end of the outage",
                DOWN.contains(probe.health("storage-service", "consumers"))));
        stack.startPostgres();
        return recover(Scenario.POSTGRES_LONG_OUTAGE, traffic, checks, Instant.now());
    }

    private ScenarioResult s3Outage() {
        return outage(new Outage(Scenario.S3_OUTAGE, "S3", stack::stopS3, stack::startS3, options.s3Outage(),
                "fetch-worker", "objectStore", options.s3Outage(), 202));
    }

    /**
     * An infrastructure part out of service for a while.
     *
     * @param scenario     the scenario it plays
     * @param part         its name, for messages
     * @param stop         stops it (state kept)
     * @param start        starts it again on the same port and state, returning once it answers
     * @param atLeast      how long it stays down at least, from the stop
     * @param service      the service whose health must show the outage
     * @param component    that health component
     * @param healthWithin how long after the stop the component must be DOWN at the latest
     * @param answer       what ingest must answer every webhook sent meanwhile
     */
    private record Outage(Scenario scenario, String part, Runnable stop, Runnable start, Duration atLeast,
                          String service, String component, Duration healthWithin, int answer) {
    }

    private ScenarioResult outage(Outage outage) {
        Traffic traffic = new Traffic();
        List<Check> checks = new ArrayList<>();
        traffic.send(before());
        Instant faultStart = Instant.now();
        outage.stop().run();
        out.println("  " + outage.part() + " stopped");
        checks.add(healthDown(outage.service(), outage.component(), outage.healthWithin()));
        List<Integer> answers = traffic.send(during());
        boolean expected = answers.stream().allMatch(status -> status == outage.answer());
        checks.add(new Check("ingest-service answered " + outage.answer() + " to every webhook while "
                + outage.part() + " was down " + answers, expected));
        sleepUntil(faultStart.plus(outage.atLeast()));
        outage.start().run();
        return recover(outage.scenario(), traffic, checks, Instant.now());
    }

    private ScenarioResult fetchWorkerKill() {
        Traffic traffic = new Traffic();
        List<Check> checks = new ArrayList<>();
        LargeRecording recording = options.largeRecording();
        ProviderCall large = webhooks.newLargeCall(recording);
        traffic.send(List.of(large));
        traffic.send(before());
        long killAt = recording.sizeBytes() * 2 / 5;
        boolean midUpload = await(Duration.ofMinutes(3),
                () -> probe.bytesServed(large.providerRecordingId()) >= killAt);
        long served = probe.bytesServed(large.providerRecordingId());
        stack.killService(LocalService.FETCH_WORKER);
        checks.add(new Check("fetch-worker killed in the middle of the large recording (" + served + " of "
                + recording.sizeBytes() + " bytes served)", midUpload && served < recording.sizeBytes()));
        List<Integer> answers = traffic.send(during());
        checks.add(new Check("ingest-service accepted every webhook while fetch-worker was dead " + answers,
                answers.stream().allMatch(status -> status == 202)));
        checks.add(new Check("no object for the large recording after the kill (no partial object)",
                probe.objects(List.of(large.recordingId())).isEmpty()));
        stack.restartService(LocalService.FETCH_WORKER);
        ScenarioResult result = recover(Scenario.FETCH_WORKER_KILL, traffic, checks, Instant.now());
        List<String> keys = probe.objects(List.of(large.recordingId())).getOrDefault(large.recordingId(), List.of());
        List<Check> all = new ArrayList<>(result.checks());
        all.add(new Check("the large recording refetched: one object whose SHA-256 is the served bytes'",
                keys.size() == 1 && probe.objectSha256(keys.getFirst()).equals(large.sha256())));
        return new ScenarioResult(result.scenario(), result.callsSent(), result.available(), result.duplicates(),
                result.lost(), result.timeToRecover(), List.copyOf(all));
    }

    /**
     * Issue 14, item 12: the upload's catalog entry and its {@code RecordingStored} are atomic, so a storage-service
     * killed between the commit and the broker's acknowledgement loses no recording for playback.
     */
    private ScenarioResult uploadCrash() {
        List<Check> checks = new ArrayList<>();
        List<StackUploads.Upload> uploads = new ArrayList<>();
        List<Integer> beforeAnswers = new ArrayList<>();
        for (int i = 0; i < before(); i++) {
            StackUploads.Upload upload = this.uploads.next();
            uploads.add(upload);
            beforeAnswers.add(this.uploads.send(upload).join());
        }
        checks.add(new Check("storage-service answered 201 to every upload before the fault " + beforeAnswers,
                beforeAnswers.stream().allMatch(status -> status == 201)));
        stack.stopKafka();
        out.println("  Kafka stopped: uploads commit their entries and wait for the broker");
        List<StackUploads.Upload> stranded = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < during(); i++) {
            StackUploads.Upload upload = this.uploads.next();
            uploads.add(upload);
            stranded.add(upload);
            answers.add(this.uploads.send(upload));
        }
        boolean committed = await(Duration.ofSeconds(60), () -> stranded.stream().allMatch(upload ->
                probe.catalog(upload.recordingId()).map(entry -> "AVAILABLE".equals(entry.status())).orElse(false)));
        boolean unanswered = answers.stream().noneMatch(java.util.concurrent.CompletableFuture::isDone);
        stack.killService(LocalService.STORAGE);
        checks.add(new Check("storage-service killed once every stranded upload's entry was AVAILABLE and before any "
                + "was answered (" + stranded.size() + " uploads)", committed && unanswered));
        stack.startKafka();
        stack.restartService(LocalService.STORAGE);
        Instant faultEnd = Instant.now();

        out.println("  fault over; waiting for every upload to be playable");
        Set<UUID> ids = uploads.stream().map(StackUploads.Upload::recordingId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<UUID> playable = new LinkedHashSet<>();
        await(options.recoveryTimeout(), () -> {
            for (StackUploads.Upload upload : uploads) {
                if (!playable.contains(upload.recordingId()) && probe.playable(upload.recordingId())
                        && probe.catalog(upload.recordingId()).map(entry -> upload.sha256().equals(entry.sha256())
                        && upload.sizeBytes() == entry.sizeBytes()).orElse(false)) {
                    playable.add(upload.recordingId());
                }
            }
            return playable.size() == uploads.size();
        });
        Duration timeToRecover = Duration.between(faultEnd, Instant.now());
        Map<UUID, List<String>> objects = probe.objects(ids);
        Map<UUID, Integer> rows = probe.catalogRows(ids);
        Map<UUID, Set<UUID>> announced = probe.recordingStoredEventIds(ids);
        int duplicates = (int) ids.stream().filter(id -> objects.getOrDefault(id, List.of()).size() > 1
                || rows.getOrDefault(id, 0) > 1 || announced.getOrDefault(id, Set.of()).size() > 1).count();
        checks.add(new Check("every upload's RecordingStored is on callvault.recording-stored.v1 ("
                + announced.keySet().size() + " of " + ids.size() + ")", announced.keySet().equals(ids)));
        checks.add(everyServiceHealthy());
        return new ScenarioResult(Scenario.UPLOAD_CRASH, uploads.size(), playable.size(), duplicates,
                uploads.size() - playable.size(), timeToRecover, List.copyOf(checks));
    }

    /** Waits until every call is available, counts, and checks that every service is healthy again. */
    private ScenarioResult recover(Scenario scenario, Traffic traffic, List<Check> checks, Instant faultEnd) {
        out.println("  fault over; waiting for every recording");
        Instant deadline = faultEnd.plus(options.recoveryTimeout());
        traffic.resendUntilAccepted(deadline);
        Set<UUID> available = new LinkedHashSet<>();
        await(Duration.between(Instant.now(), deadline), () -> {
            for (ProviderCall call : traffic.calls()) {
                if (!available.contains(call.recordingId()) && isAvailable(call)) {
                    available.add(call.recordingId());
                }
            }
            return available.size() == traffic.calls().size();
        });
        Duration timeToRecover = Duration.between(faultEnd, Instant.now());
        Set<UUID> ids = traffic.calls().stream().map(ProviderCall::recordingId).collect(Collectors.toSet());
        Map<UUID, List<String>> objects = probe.objects(ids);
        Map<UUID, Integer> rows = probe.catalogRows(ids);
        int duplicates = (int) ids.stream().filter(id -> objects.getOrDefault(id, List.of()).size() > 1
                || rows.getOrDefault(id, 0) > 1).count();
        Set<UUID> logged = probe.onCallEnded(ids);
        checks.add(new Check("every call's CallEnded is on callvault.call-ended.v1 (" + logged.size() + " of "
                + ids.size() + ")", logged.equals(ids)));
        checks.add(everyServiceHealthy());
        return new ScenarioResult(scenario, traffic.calls().size(), available.size(), duplicates,
                traffic.calls().size() - available.size(), timeToRecover, List.copyOf(checks));
    }

    private boolean isAvailable(ProviderCall call) {
        Optional<StackProbe.CatalogEntry> entry = probe.catalog(call.recordingId());
        return entry.isPresent() && "AVAILABLE".equals(entry.get().status())
                && call.sha256().equals(entry.get().sha256()) && call.sizeBytes() == entry.get().sizeBytes();
    }

    private Check healthDown(String service, String component, Duration within) {
        boolean down = await(within, () -> DOWN.contains(probe.health(service, component)));
        return new Check(service + " health: " + component + " DOWN during the outage", down);
    }

    private Check everyServiceHealthy() {
        List<String> names = stack.services().stream().filter(ServiceProcess::isAlive).map(ServiceProcess::name)
                .distinct().toList();
        List<String> unhealthy = new ArrayList<>(names);
        await(Duration.ofSeconds(90), () -> {
            unhealthy.removeIf(name -> "UP".equals(probe.health(name, null)));
            return unhealthy.isEmpty();
        });
        return new Check("every service UP again without a restart " + names
                + (unhealthy.isEmpty() ? "" : ", still not UP: " + unhealthy), unhealthy.isEmpty());
    }

    private int before() {
        return options.calls() / 2;
    }

    private int during() {
        return options.calls() - options.calls() / 2;
    }

    /** The calls of one scenario, and those ingest has not accepted yet. */
    private final class Traffic {

        private final List<ProviderCall> calls = new ArrayList<>();
        private final List<ProviderCall> pending = new ArrayList<>();

        List<Integer> send(int count) {
            List<ProviderCall> fresh = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                fresh.add(webhooks.newCall(calls.size() + i));
            }
            return send(fresh);
        }

        List<Integer> send(List<ProviderCall> fresh) {
            List<Integer> answers = new ArrayList<>();
            for (ProviderCall call : fresh) {
                calls.add(call);
                int status = webhooks.send(call);
                answers.add(status);
                if (status != 202) {
                    pending.add(call);
                }
            }
            return answers;
        }

        /** Re-sends what was not accepted, as a provider retries a 503, every 2 seconds until accepted. */
        void resendUntilAccepted(Instant deadline) {
            if (!pending.isEmpty()) {
                out.println("  re-sending " + pending.size() + " webhooks ingest did not accept");
            }
            await(Duration.between(Instant.now(), deadline), () -> {
                pending.removeIf(call -> webhooks.send(call) == 202);
                if (!pending.isEmpty()) {
                    sleep(Duration.ofSeconds(2));
                }
                return pending.isEmpty();
            });
        }

        List<ProviderCall> calls() {
            return calls;
        }
    }

    /**
     * Polls a condition every half second.
     *
     * @return whether it held before the timeout
     */
    private static boolean await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!Instant.now().isBefore(deadline)) {
                return false;
            }
            sleep(POLL);
        }
    }

    private static void sleepUntil(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            sleep(left);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * @param stack the stack's addresses
     * @param key   an address key, e.g. {@code ingest-service.url}
     * @return its value
     * @throws IllegalStateException if the stack has no such address (the service is not running)
     */
    static String required(Map<String, String> stack, String key) {
        String value = stack.get(key);
        if (value == null) {
            throw new IllegalStateException("the stack has no " + key + " (is that part running?)");
        }
        return value;
    }
}
