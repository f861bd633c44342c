package dev.callvault.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A CallVault service started from its executable jar as its own JVM process, configured only through environment
 * variables (Spring Boot's relaxed binding: {@code callvault.tenants.acme.twilio.account-sid} becomes
 * {@code CALLVAULT_TENANTS_ACME_TWILIO_ACCOUNTSID}), with its output in a log file.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a service and waits until {@code /actuator/health} answers 200 (at most 120 seconds).
     *
     * @param name       service name, for the log file
     * @param jar        the service's {@code -exec.jar}
     * @param maxHeap    JVM {@code -Xmx} value, e.g. {@code 128m}
     * @param properties Spring properties, passed as environment variables
     * @param logDir     folder for {@code <name>.log}
     * @return the running service
     */
    static ServiceProcess start(String name, Path jar, String maxHeap, Map<String, String> properties, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run the build through 'package' first (./mvnw verify)");
        }
        try {
            Files.createDirectories(logDir);
            int port = freePort();
            Path log = logDir.resolve(name + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
                    "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("SERVER_PORT", String.valueOf(port));
            properties.forEach((key, value) -> environment.put(environmentName(key), value));
            ServiceProcess service = new ServiceProcess(name, builder.start(), port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, name + "-stop"));
            service.awaitHealthy(Duration.ofSeconds(120));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not start", e);
        }
    }

    /**
     * Maps a Spring property name to the environment variable Spring Boot binds to it.
     *
     * @param property e.g. {@code callvault.storage.s3.access-key}
     * @return e.g. {@code CALLVAULT_STORAGE_S3_ACCESSKEY}
     */
    static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        close();
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    /** @return {@code http://127.0.0.1:<port>} */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** @return whether the process still runs (an out-of-memory error ends it) */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the service's log file */
    Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
