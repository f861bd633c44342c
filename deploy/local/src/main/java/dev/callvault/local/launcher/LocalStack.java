package dev.callvault.local.launcher;

import dev.callvault.local.infra.KafkaBrokerProcess;
import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.infra.S3ProxyServer;
import dev.callvault.local.simulator.ProviderSimulator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole CallVault system on one machine without Docker, each part its own process: a KRaft Kafka broker,
 * PostgreSQL (one database per service), S3Proxy, the provider simulator and the five services from their executable
 * jars (playback-service and audit-service only when built). State lives under {@link StackSettings#home()}, so a
 * restart keeps every recording; output goes to {@code <home>/logs/<name>.log}, process ids to {@code <home>/pids/}.
 *
 * <p>Services get their settings only through environment variables: the local defaults of the contract, minus every
 * property the operator already set in the launcher's environment (in any spelling, see {@link OperatorEnvironment});
 * the child inherits the operator's variables, so theirs win. Only {@code SERVER_PORT} is the launcher's, from
 * {@code CALLVAULT_LOCAL_<SERVICE>_PORT}.
 *
 * <p>Each part can also be started alone ({@link #startKafka()}, {@link #startSimulator()}, ...), which tests do.
 */
public final class LocalStack implements AutoCloseable {

    /** The Spring profile of the local stack, in which services accept the repository's well-known secrets. */
    public static final String LOCAL_PROFILE = "local";

    /**
     * Longest wait for one service to be healthy. Five services start in parallel: on a 2-core machine that other
     * builds keep busy, one took over 3 minutes.
     */
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(5);

    private final StackSettings settings;
    private final PrintStream out;
    private final PidFiles pids;
    private final StackFile stackFile;
    private final Map<String, String> addresses = new ConcurrentSkipListMap<>();
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile PostgresServer postgres;
    private volatile KafkaBrokerProcess kafka;
    private volatile S3ProxyServer s3;
    private volatile ServiceProcess simulator;
    private volatile boolean closed;
    private volatile Instant startedAt = Instant.now();

    /**
     * @param settings ports, folders and the operator's environment
     * @param out      where progress and the final addresses are printed
     */
    public LocalStack(StackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.pids = new PidFiles(settings.pids());
        this.stackFile = new StackFile(settings.home());
    }

    /**
     * Starts everything and waits until every health endpoint answers UP: the four infrastructure processes in
     * parallel, then the services in parallel. Prints the addresses and one line saying the stack is ready.
     *
     * @throws IllegalStateException if a part does not start (the parts already started keep running until
     *                               {@link #close()})
     */
    public void up() {
        Instant started = Instant.now();
        startedAt = started;
        requireFreePorts();
        pids.write(PidFiles.LAUNCHER, ProcessHandle.current().pid());
        out.println("Starting CallVault locally; state in " + settings.home() + ", logs in " + settings.logs());
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> infrastructure = List.of(
                    parallel.submit(this::startPostgres),
                    parallel.submit(this::startKafka),
                    parallel.submit(this::startS3),
                    parallel.submit(this::startSimulator));
            awaitAll(infrastructure);
        }
        Map<ServiceProcess, LocalService> launched = new LinkedHashMap<>();
        for (LocalService service : LocalService.values()) {
            launchService(service).ifPresent(process -> launched.put(process, service));
        }
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            awaitAll(launched.entrySet().stream().<Future<?>>map(entry -> parallel.submit(() -> {
                ServiceProcess process = entry.getKey();
                try {
                    process.awaitHealthy(SERVICE_START_TIMEOUT);
                    addresses.put(process.name() + ".url", process.baseUrl());
                    out.printf("  %-18s %s is UP%s%n", process.name(), process.baseUrl(), elapsed());
                } catch (IllegalStateException e) {
                    if (entry.getValue().required()) {
                        throw e;
                    }
                    process.close();
                    services.remove(process);
                    pids.delete(process.name());
                    out.println("  " + process.name() + " skipped: it did not start (" + e.getMessage() + ")");
                }
            })).toList());
        }
        stackFile.write(addresses);
        printAddresses();
        out.printf("CallVault is ready in %.1f s: try deploy/local/demo; stop with Ctrl-C or deploy/local/down.%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    /**
     * Starts PostgreSQL with its data under {@code <home>/postgres} and creates the services' databases.
     *
     * @return the server
     */
    public PostgresServer startPostgres() {
        postgres = PostgresServer.start(settings.postgresPort(), settings.home().resolve("postgres"),
                settings.logs().resolve("postgres.log"));
        postgres.pid().ifPresent(pid -> pids.write("postgres", pid));
        for (LocalService service : LocalService.values()) {
            service.database().ifPresent(postgres::createDatabase);
        }
        addresses.put("postgres.port", String.valueOf(postgres.port()));
        out.printf("  %-18s 127.0.0.1:%d is up%s%n", "postgresql", postgres.port(), elapsed());
        return postgres;
    }

    /**
     * Starts the KRaft broker with its log folder under {@code <home>/kafka} and the contract's topics.
     *
     * @return the broker
     * @throws IllegalStateException if the build did not provide the broker's logging binding
     */
    public KafkaBrokerProcess startKafka() {
        if (!settings.kafkaLoggingPresent()) {
            throw new IllegalStateException(settings.kafkaLoggingDir() + " is missing: build deploy/local first");
        }
        kafka = KafkaBrokerProcess.start(settings.kafkaClasspath(), List.of("-Xmx320m", "-XX:+UseSerialGC"),
                settings.kafkaPort(), settings.kafkaControllerPort(), settings.home().resolve("kafka"),
                settings.logs().resolve("kafka.log"));
        pids.write("kafka", kafka.pid());
        addresses.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        out.printf("  %-18s %s is up%s%n", "kafka", kafka.bootstrapServers(), elapsed());
        return kafka;
    }

    /**
     * Starts S3Proxy with its data under {@code <home>/s3} and creates the bucket.
     *
     * @return the server
     */
    public S3ProxyServer startS3() {
        s3 = S3ProxyServer.start(settings.s3proxyJar(), settings.s3Port(), settings.home().resolve("s3"),
                settings.logs().resolve("s3proxy.log"));
        pids.write("s3proxy", s3.pid());
        s3.createBucket(settings.environment().property("callvault.storage.s3.bucket", LocalDefaults.BUCKET));
        addresses.put("s3.endpoint", s3.endpoint());
        out.printf("  %-18s %s is up%s%n", "s3proxy", s3.endpoint(), elapsed());
        return s3;
    }

    /**
     * Starts the provider simulator as its own process and waits until it is healthy.
     *
     * @return the simulator process
     */
    public ServiceProcess startSimulator() {
        Map<String, String> environment = new LinkedHashMap<>(settings.environment()
                .childEnvironment(tenantDefaults()));
        environment.put("SERVER_PORT", String.valueOf(settings.simulatorPort()));
        simulator = ServiceProcess.launch("provider-simulator",
                ServiceProcess.javaMain(settings.classpath(), List.of("-Xmx64m", "-XX:+UseSerialGC"),
                        ProviderSimulator.class.getName(), List.of()),
                environment, settings.simulatorPort(), settings.logs().resolve("provider-simulator.log"));
        pids.write(simulator.name(), simulator.pid());
        simulator.awaitHealthy(Duration.ofSeconds(60));
        addresses.put("simulator.url", simulator.baseUrl());
        out.printf("  %-18s %s is up%s%n", "provider-simulator", simulator.baseUrl(), elapsed());
        return simulator;
    }

    /**
     * The Spring properties every service gets by default (before the operator's environment is applied).
     *
     * @param service the service
     * @return property names and values
     */
    public Map<String, String> serviceDefaults(LocalService service) {
        String simulatorUrl = "http://127.0.0.1:" + settings.simulatorPort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", "127.0.0.1:" + settings.kafkaPort());
        properties.put("callvault.providers.twilio.api-base-url", simulatorUrl);
        properties.put("callvault.providers.elevenlabs.api-base-url", simulatorUrl);
        properties.put("callvault.providers.vapi.api-base-url", simulatorUrl);
        properties.put("callvault.providers.vapi.recording-hosts", "127.0.0.1");
        properties.put("callvault.providers.telnyx.api-base-url", simulatorUrl);
        properties.put("callvault.providers.telnyx.recording-hosts", "127.0.0.1");
        properties.putAll(tenantDefaults());
        properties.put("callvault.ingest.public-base-url", ingestUrl());
        properties.put("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET);
        properties.put("callvault.storage.s3.endpoint", "http://127.0.0.1:" + settings.s3Port());
        properties.put("callvault.storage.s3.access-key", LocalDefaults.S3_ACCESS_KEY);
        properties.put("callvault.storage.s3.secret-key", LocalDefaults.S3_SECRET_KEY);
        properties.put("callvault.storage.s3.region", LocalDefaults.S3_REGION);
        properties.put("callvault.storage.s3.bucket", LocalDefaults.BUCKET);
        // S3Proxy's filesystem store (which keeps recordings across restarts) refuses x-amz-server-side-encryption
        properties.put("callvault.storage.s3.encryption.mode", "none");
        properties.put("callvault.playback.signing-keys." + LocalDefaults.SIGNING_KID, LocalDefaults.SIGNING_SECRET);
        properties.put("callvault.playback.active-kid", LocalDefaults.SIGNING_KID);
        properties.put("callvault.playback.public-base-url",
                "http://127.0.0.1:" + settings.servicePorts().get(LocalService.PLAYBACK));
        if (service == LocalService.DASHBOARD) {
            // the dashboard calls the services with the signed-in user's token (its /dev-login in this profile)
            properties.put("callvault.dashboard.storage-url", serviceUrl(LocalService.STORAGE));
            properties.put("callvault.dashboard.playback-url", serviceUrl(LocalService.PLAYBACK));
            properties.put("callvault.dashboard.audit-url", serviceUrl(LocalService.AUDIT));
        }
        service.database().ifPresent(database -> {
            properties.put("spring.datasource.url",
                    "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/" + database);
            if (service == LocalService.AUDIT) {
                // migrations as the owner, the service as a role that may only read and append (issue 14, item 17)
                properties.put("spring.datasource.username", LocalDefaults.AUDIT_DATABASE_USER);
                properties.put("spring.datasource.password", LocalDefaults.AUDIT_DATABASE_PASSWORD);
                properties.put("spring.flyway.user", LocalDefaults.DATABASE_USER);
                properties.put("spring.flyway.password", LocalDefaults.DATABASE_PASSWORD);
            } else {
                properties.put("spring.datasource.username", LocalDefaults.DATABASE_USER);
                properties.put("spring.datasource.password", LocalDefaults.DATABASE_PASSWORD);
            }
        });
        return properties;
    }

    /**
     * The environment of a service's process.
     *
     * @param service the service
     * @return the operator's variables, {@link #serviceDefaults} not overridden by the operator,
     *         {@code SERVER_PORT}, {@code SERVER_ADDRESS} ({@link #bindAddress()}) and the Spring profile
     *         {@value #LOCAL_PROFILE} unless the operator chose them
     */
    public Map<String, String> serviceEnvironment(LocalService service) {
        Map<String, String> environment = new LinkedHashMap<>(
                settings.environment().childEnvironment(serviceDefaults(service)));
        environment.put("SERVER_PORT", String.valueOf(settings.servicePorts().get(service)));
        environment.putIfAbsent("SERVER_ADDRESS", bindAddress());
        // the local stack runs on the repository's well-known secrets, which services refuse outside this profile
        environment.putIfAbsent("SPRING_PROFILES_ACTIVE", LOCAL_PROFILE);
        return environment;
    }

    /**
     * The address the services listen on: {@code CALLVAULT_LOCAL_BIND_ADDRESS}, default {@code 127.0.0.1}, so that a
     * local stack, which runs on the repository's published secrets, is not reachable from the network unless the
     * operator asks for it (e.g. {@code 0.0.0.0}). The broker, PostgreSQL, S3Proxy and the simulator always listen on
     * {@code 127.0.0.1}.
     *
     * @return an address Spring Boot's {@code server.address} takes
     */
    public String bindAddress() {
        return settings.environment().variable("CALLVAULT_LOCAL_BIND_ADDRESS").orElse("127.0.0.1");
    }

    private void requireFreePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("CALLVAULT_LOCAL_KAFKA_PORT", settings.kafkaPort());
        ports.put("CALLVAULT_LOCAL_KAFKA_CONTROLLER_PORT", settings.kafkaControllerPort());
        ports.put("CALLVAULT_LOCAL_POSTGRES_PORT", settings.postgresPort());
        ports.put("CALLVAULT_LOCAL_S3_PORT", settings.s3Port());
        ports.put("CALLVAULT_LOCAL_SIMULATOR_PORT", settings.simulatorPort());
        for (LocalService service : LocalService.values()) {
            if (service.required()) {
                ports.put(service.portVariable(), settings.servicePorts().get(service));
            }
        }
        List<String> busy = ports.entrySet().stream().filter(entry -> !portFree(entry.getValue()))
                .map(entry -> entry.getValue() + " (" + entry.getKey() + ")").toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports in use by another process: " + String.join(", ", busy)
                    + ". Stop it (deploy/local/down if it is a local stack) or choose other ports.");
        }
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Optional<ServiceProcess> launchService(LocalService service) {
        if (settings.skips(service)) {
            out.println("  " + service.module() + " skipped: listed in CALLVAULT_LOCAL_SKIP");
            return Optional.empty();
        }
        Optional<Path> jar = service.executableJar(settings.repository());
        int port = settings.servicePorts().get(service);
        if (jar.isPresent() && !service.required() && !portFree(port)) {
            out.println("  " + service.module() + " skipped: port " + port + " is in use by another process ("
                    + service.portVariable() + ")");
            return Optional.empty();
        }
        if (jar.isEmpty()) {
            String message = service.module() + " skipped: " + service.module() + "/target/callvault-"
                    + service.module() + "-<version>-exec.jar is not built";
            if (service.required()) {
                throw new IllegalStateException(message.replace("skipped", "cannot start")
                        + " (./mvnw -DskipTests package -pl " + service.module() + " -am)");
            }
            out.println("  " + message);
            return Optional.empty();
        }
        ServiceProcess process = ServiceProcess.launch(service.module(),
                ServiceProcess.javaJar(jar.get(), settings.serviceJvmArgs()), serviceEnvironment(service), port,
                settings.logs().resolve(service.module() + ".log"));
        services.add(process);
        pids.write(service.module(), process.pid());
        return Optional.of(process);
    }

    private Map<String, String> tenantDefaults() {
        String prefix = "callvault.tenants." + LocalDefaults.TENANT + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + "twilio.account-sid", LocalDefaults.TWILIO_ACCOUNT_SID);
        properties.put(prefix + "twilio.auth-token", LocalDefaults.TWILIO_AUTH_TOKEN);
        properties.put(prefix + "elevenlabs.api-key", LocalDefaults.ELEVENLABS_API_KEY);
        properties.put(prefix + "elevenlabs.webhook-secret", LocalDefaults.ELEVENLABS_WEBHOOK_SECRET);
        properties.put(prefix + "vapi.api-key", LocalDefaults.VAPI_API_KEY);
        properties.put(prefix + "vapi.webhook-secret", LocalDefaults.VAPI_WEBHOOK_SECRET);
        properties.put(prefix + "telnyx.api-key", LocalDefaults.TELNYX_API_KEY);
        properties.put(prefix + "telnyx.public-key", LocalDefaults.TELNYX_PUBLIC_KEY);
        return properties;
    }

    private String serviceUrl(LocalService service) {
        return "http://127.0.0.1:" + settings.servicePorts().get(service);
    }

    private String ingestUrl() {
        return "http://127.0.0.1:" + settings.servicePorts().get(LocalService.INGEST);
    }

    private void printAddresses() {
        OperatorEnvironment environment = settings.environment();
        addresses.put("ingest.public-base-url", environment.property("callvault.ingest.public-base-url", ingestUrl()));
        String simulatorUrl = "http://127.0.0.1:" + settings.simulatorPort();
        addresses.put("providers.twilio.api-base-url",
                environment.property("callvault.providers.twilio.api-base-url", simulatorUrl));
        addresses.put("providers.elevenlabs.api-base-url",
                environment.property("callvault.providers.elevenlabs.api-base-url", simulatorUrl));
        stackFile.write(addresses);
        out.println();
        services.stream().filter(service -> service.name().equals(LocalService.DASHBOARD.module())).findFirst()
                .ifPresent(dashboard -> out.printf("  Open the dashboard: %s (sign in as tenant %s)%n%n",
                        dashboard.baseUrl(), LocalDefaults.TENANT));
        out.printf("  %-19s %s%n", "Kafka", addresses.get("kafka.bootstrap-servers"));
        out.printf("  %-19s jdbc:postgresql://127.0.0.1:%s/<storage|playback|audit>%n", "PostgreSQL",
                addresses.get("postgres.port"));
        out.printf("  %-19s %s (bucket %s)%n", "S3 (S3Proxy)", addresses.get("s3.endpoint"),
                environment.property("callvault.storage.s3.bucket", LocalDefaults.BUCKET));
        out.printf("  %-19s %s%n", "provider simulator", addresses.get("simulator.url"));
        for (ServiceProcess service : services) {
            out.printf("  %-19s %s  (health %s/actuator/health, log %s)%n", service.name(), service.baseUrl(),
                    service.baseUrl(), displayed(service.log()));
        }
        out.println();
    }

    private String elapsed() {
        return String.format(" (%.1f s)", Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
    }

    private Path displayed(Path file) {
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(settings.repository()) ? settings.repository().relativize(absolute) : absolute;
    }

    /**
     * Prints one line for every service process that has ended since the last call.
     *
     * @param reported names already reported, updated
     */
    public void reportExited(java.util.Set<String> reported) {
        if (closed) {
            return;
        }
        for (ServiceProcess service : services) {
            if (!service.isAlive() && reported.add(service.name())) {
                out.println(service.name() + " has exited; see " + service.log());
            }
        }
    }

    /**
     * Stops PostgreSQL (fast shutdown: open connections are closed), keeping its data; {@link #startPostgres()} starts
     * it again on the same port and data folder.
     */
    public void stopPostgres() {
        if (postgres != null) {
            stopQuietly("postgres", postgres::close);
        }
    }

    /**
     * Stops the Kafka broker gracefully, keeping its log folder; {@link #startKafka()} starts it again on the same
     * ports.
     */
    public void stopKafka() {
        if (kafka != null) {
            stopQuietly("kafka", kafka::close);
        }
    }

    /** Stops S3Proxy, keeping its objects; {@link #startS3()} starts it again on the same port. */
    public void stopS3() {
        if (s3 != null) {
            stopQuietly("s3proxy", s3::close);
        }
    }

    /**
     * Kills a running service with {@code SIGKILL} ({@code kill -9}): no graceful shutdown, no last commit.
     *
     * @param service the service
     * @throws IllegalStateException if this stack does not run it
     */
    public void killService(LocalService service) {
        ServiceProcess process = running(service);
        process.kill();
        out.println("  " + service.module() + " (pid " + process.pid() + ") killed with SIGKILL");
    }

    /**
     * Starts a service this stack does not run (one {@code CALLVAULT_LOCAL_SKIP} left out, or one stopped) with extra
     * variables over its usual environment, and waits until it is healthy: how a test runs an optional service beside
     * a stack started without it.
     *
     * @param service   the service
     * @param variables variables added to {@link #serviceEnvironment}, e.g. Spring properties in upper case
     * @return the process
     * @throws IllegalStateException if it runs already, its jar is missing or it is not healthy in time
     */
    public ServiceProcess startService(LocalService service, Map<String, String> variables) {
        if (services.stream().anyMatch(process -> process.name().equals(service.module()))) {
            throw new IllegalStateException(service.module() + " runs already");
        }
        Path jar = service.executableJar(settings.repository()).orElseThrow(() -> new IllegalStateException(
                service.module() + "/target/callvault-" + service.module() + "-<version>-exec.jar is not built"));
        int port = settings.servicePorts().get(service);
        Map<String, String> environment = new LinkedHashMap<>(serviceEnvironment(service));
        environment.putAll(variables);
        ServiceProcess process = ServiceProcess.launch(service.module(),
                ServiceProcess.javaJar(jar, settings.serviceJvmArgs()), environment, port,
                settings.logs().resolve(service.module() + ".log"));
        services.add(process);
        pids.write(service.module(), process.pid());
        process.awaitHealthy(SERVICE_START_TIMEOUT);
        out.printf("  %-18s %s is UP%n", process.name(), process.baseUrl());
        return process;
    }

    /**
     * Stops a service of this stack (SIGTERM, then SIGKILL) and forgets it; nothing happens if it does not run.
     *
     * @param service the service
     */
    public void stopService(LocalService service) {
        services.stream().filter(process -> process.name().equals(service.module())).findFirst()
                .ifPresent(process -> {
                    process.close();
                    services.remove(process);
                    pids.delete(process.name());
                });
    }

    /**
     * Starts a service again (after {@link #killService}, or stopping a running one first) on the same port and with
     * the same environment, and waits until it is healthy.
     *
     * @param service the service
     * @return the new process
     * @throws IllegalStateException if its jar is missing or it is not healthy in time
     */
    public ServiceProcess restartService(LocalService service) {
        services.stream().filter(process -> process.name().equals(service.module())).findFirst()
                .ifPresent(previous -> {
                    previous.close();
                    services.remove(previous);
                });
        ServiceProcess process = launchService(service).orElseThrow(() ->
                new IllegalStateException(service.module() + " cannot be started again"));
        process.awaitHealthy(SERVICE_START_TIMEOUT);
        out.printf("  %-18s %s is UP again%s%n", process.name(), process.baseUrl(), elapsed());
        return process;
    }

    private ServiceProcess running(LocalService service) {
        return services.stream().filter(process -> process.name().equals(service.module()) && process.isAlive())
                .findFirst().orElseThrow(() -> new IllegalStateException(service.module() + " is not running"));
    }

    /** @return the services started so far */
    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /**
     * Stops every process this stack started, services first, then the simulator, S3Proxy, Kafka and PostgreSQL, and
     * removes the pid files and the stack file. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stackFile.delete();
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ServiceProcess service : services) {
                parallel.submit(() -> stopQuietly(service.name(), service::close));
            }
        }
        if (simulator != null) {
            stopQuietly(simulator.name(), simulator::close);
        }
        if (s3 != null) {
            stopQuietly("s3proxy", s3::close);
        }
        if (kafka != null) {
            stopQuietly("kafka", kafka::close);
        }
        if (postgres != null) {
            stopQuietly("postgres", postgres::close);
        }
        pids.delete(PidFiles.LAUNCHER);
    }

    private void stopQuietly(String name, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            out.println("stopping " + name + " failed: " + e.getMessage());
        }
        pids.delete(name);
    }

    /**
     * Stops a stack started by another launcher, from its pid files: the launcher first (it stops its children in
     * order), then any process still recorded.
     *
     * @param settings the stack's settings (its home folder)
     * @param out      where progress is printed
     * @return whether anything was running
     */
    public static boolean down(StackSettings settings, PrintStream out) {
        PidFiles pids = new PidFiles(settings.pids());
        boolean any = false;
        Optional<ProcessHandle> launcher = pids.running(PidFiles.LAUNCHER);
        if (launcher.isPresent()) {
            any = true;
            out.println("Stopping the launcher (pid " + launcher.get().pid() + ") and what it started...");
            ServiceProcess.stop(launcher.get(), 120);
        }
        pids.delete(PidFiles.LAUNCHER);
        for (String name : stopOrder(pids.names())) {
            Optional<ProcessHandle> process = pids.running(name);
            if (process.isPresent()) {
                any = true;
                out.println("Stopping " + name + " (pid " + process.get().pid() + ")");
                ServiceProcess.stop(process.get(), 30);
            }
            pids.delete(name);
        }
        new StackFile(settings.home()).delete();
        return any;
    }

    /** Services first, then what they use: PostgreSQL stops last (its smart shutdown waits for their connections). */
    private static List<String> stopOrder(List<String> names) {
        List<String> infrastructure = List.of("provider-simulator", "s3proxy", "kafka", "postgres");
        List<String> ordered = new java.util.ArrayList<>(names.stream().filter(n -> !infrastructure.contains(n)).toList());
        infrastructure.stream().filter(names::contains).forEach(ordered::add);
        return ordered;
    }

    private static void awaitAll(List<Future<?>> futures) {
        IllegalStateException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = new IllegalStateException(cause.getMessage(), cause);
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the stack", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
