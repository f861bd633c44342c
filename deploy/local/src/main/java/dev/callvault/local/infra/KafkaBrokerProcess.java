package dev.callvault.local.infra;

import dev.callvault.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A standalone Kafka broker in KRaft mode (combined broker and controller, one node) as its own JVM process, from the
 * {@code org.apache.kafka:kafka_2.13} jars on Maven Central: {@code kafka.Kafka server.properties}, after the log
 * folder was formatted once with {@code kafka.tools.StorageTool format -t <cluster id> -c server.properties
 * --standalone} (Kafka documentation, "KRaft": "Bootstrap a standalone controller"). Its data stays in
 * {@code <workDir>/data}, so a restart keeps every topic.
 *
 * <p>Every contract topic and its dead-letter topic exist after {@link #start} as {@link Topics#SPECS} says
 * ({@link ContractTopics}: partitions, cleanup policy, retention).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private KafkaBrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Formats the log folder if needed, starts the broker, waits until it answers (at most 90 seconds) and creates the
     * contract topics that are missing.
     *
     * @param classpath      a classpath holding {@code kafka_2.13} and its dependencies, plus an SLF4J binding
     * @param jvmArgs        JVM options of the broker, e.g. {@code -Xmx320m}
     * @param port           client (PLAINTEXT) port on 127.0.0.1
     * @param controllerPort KRaft controller port on 127.0.0.1
     * @param workDir        folder for {@code server.properties}, {@code log4j2.properties} and {@code data/}
     * @param log            file receiving the broker's output (appended)
     * @return the running broker
     * @throws IllegalStateException if formatting fails or the broker does not come up
     */
    public static KafkaBrokerProcess start(String classpath, List<String> jvmArgs, int port, int controllerPort,
                                           Path workDir, Path log) {
        try {
            Path data = Files.createDirectories(workDir.resolve("data"));
            Files.createDirectories(log.toAbsolutePath().getParent());
            Path serverProperties = writeServerProperties(workDir, data, port, controllerPort);
            Path log4j = writeLog4j(workDir);
            List<String> jvm = new ArrayList<>(jvmArgs);
            jvm.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(classpath, jvm, serverProperties, log);
            }
            List<String> command = javaCommand(classpath, jvm, "kafka.Kafka", serverProperties.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            KafkaBrokerProcess broker = new KafkaBrokerProcess(process, port);
            try {
                broker.awaitReadyAndCreateTopics(Duration.ofSeconds(90), log);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    private static void format(String classpath, List<String> jvm, Path serverProperties, Path log)
            throws IOException {
        List<String> command = javaCommand(classpath, jvm, "kafka.tools.StorageTool", "format",
                "-t", clusterId(), "-c", serverProperties.toString(), "--standalone");
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka's log folder took over 60 s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting Kafka's log folder", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka's log folder failed with " + format.exitValue()
                    + "; see " + log);
        }
    }

    /**
     * A new cluster id from Kafka's own {@link Uuid#randomUuid()}: 16 random bytes in URL-safe Base64, never starting
     * with {@code -}. A home-made id started with {@code -} one time in 64, and {@code kafka-storage format} then read it
     * as an option and exited with 1.
     */
    static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    private static Path writeServerProperties(Path workDir, Path data, int port, int controllerPort)
            throws IOException {
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        properties.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.setProperty("log.dirs", data.toAbsolutePath().toString());
        properties.setProperty("num.partitions", String.valueOf(Topics.PARTITIONS));
        properties.setProperty("auto.create.topics.enable", "true");
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = workDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "CallVault local KRaft broker (written by the launcher at every start)");
        }
        return file;
    }

    private static Path writeLog4j(Path workDir) throws IOException {
        Path file = workDir.resolve("log4j2.properties");
        Files.writeString(file, """
                # CallVault local KRaft broker logging (written by the launcher at every start)
                appender.console.type = Console
                appender.console.name = STDOUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.kafka.name = kafka
                logger.kafka.level = INFO
                logger.apache.name = org.apache.kafka
                logger.apache.level = INFO
                logger.request.name = kafka.request.logger
                logger.request.level = WARN
                """);
        return file;
    }

    private static List<String> javaCommand(String classpath, List<String> jvm, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvm);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private void awaitReadyAndCreateTopics(Duration timeout, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        awaitListening(deadline, log);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    createMissingTopics(admin);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka did not answer on " + bootstrapServers() + " within "
                                + timeout + "; see " + log, notYet);
                    }
                    sleep();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** Waits for the client port first, so that the admin client does not log a warning per refused connection. */
    private void awaitListening(Instant deadline, Path log) {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Kafka did not listen on " + bootstrapServers() + "; see " + log);
                }
                sleep();
            }
        }
    }

    private static void createMissingTopics(Admin admin)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = ContractTopics.all().stream()
                .filter(topic -> !existing.contains(topic.name()))
                .toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** @return {@code 127.0.0.1:<port>}, for {@code spring.kafka.bootstrap-servers} */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** @return the broker's process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the broker process still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the broker gracefully (controlled shutdown), killing it after 30 seconds. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
