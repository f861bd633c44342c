package dev.callvault.local.launcher;

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
 * A JVM program (a CallVault service from its executable jar, or a main class of this module) started as its own
 * process, configured only through environment variables, with its output in a log file and an HTTP health endpoint
 * ({@code /actuator/health}) on a loopback port.
 *
 * <p>Spring properties become environment variables through {@link #environmentName(String)} (Spring Boot's relaxed
 * binding: {@code callvault.tenants.acme.twilio.account-sid} is {@code CALLVAULT_TENANTS_ACME_TWILIO_ACCOUNTSID}). The
 * child inherits the environment of this JVM; the variables given to {@link #launch} are added on top.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Longest wait for a graceful stop before the process is killed, in seconds. */
    private static final int STOP_TIMEOUT_SECONDS = 20;

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
     * Starts a service from its executable jar on a free port and waits until it is healthy (at most 120 seconds). A
     * shutdown hook stops it when this JVM ends. Properties given here win over variables of this JVM's environment.
     *
     * @param name       service name, for the log file {@code <logDir>/<name>.log}
     * @param jar        the service's {@code -exec.jar}
     * @param maxHeap    JVM {@code -Xmx} value, e.g. {@code 128m}
     * @param properties Spring properties, passed as environment variables
     * @param logDir     folder for the log file, created if missing
     * @return the running, healthy service
     * @throws IllegalStateException if the jar is missing, or the service exits or is not healthy in time
     */
    public static ServiceProcess start(String name, Path jar, String maxHeap, Map<String, String> properties,
                                       Path logDir) {
        requireJar(jar);
        int port = freePort();
        Map<String, String> environment = new java.util.HashMap<>();
        properties.forEach((key, value) -> environment.put(environmentName(key), value));
        environment.put("SERVER_PORT", String.valueOf(port));
        ServiceProcess service = launch(name, javaJar(jar, List.of("-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError")),
                environment, port, logDir.resolve(name + ".log"));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, name + "-stop"));
        service.awaitHealthy(Duration.ofSeconds(120));
        return service;
    }

    /**
     * Starts a process without waiting for it. Its standard output and error go to {@code log} (replaced).
     *
     * @param name        name for messages and the pid file
     * @param command     the command line, e.g. from {@link #javaJar} or {@link #javaMain}
     * @param environment variables added to (and replacing those of) this JVM's environment, which the process inherits
     * @param port        the loopback port its health endpoint will listen on
     * @param log         the log file; its folder is created if missing
     * @return the started process
     * @throws UncheckedIOException if the process cannot be started
     */
    public static ServiceProcess launch(String name, List<String> command, Map<String, String> environment, int port,
                                        Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ServiceProcess(name, builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not start", e);
        }
    }

    /**
     * @param jar     an executable jar
     * @param jvmArgs JVM options placed before {@code -jar}
     * @return {@code <this JVM's java> <jvmArgs> -jar <jar>}
     */
    public static List<String> javaJar(Path jar, List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return command;
    }

    /**
     * @param classpath the classpath, entries separated by {@link java.io.File#pathSeparator}
     * @param jvmArgs   JVM options placed before {@code -cp}
     * @param mainClass the main class
     * @param args      program arguments
     * @return {@code <this JVM's java> <jvmArgs> -cp <classpath> <mainClass> <args>}
     */
    public static List<String> javaMain(String classpath, List<String> jvmArgs, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Maps a Spring property name to the environment variable Spring Boot binds to it.
     *
     * @param property e.g. {@code callvault.storage.s3.access-key}
     * @return e.g. {@code CALLVAULT_STORAGE_S3_ACCESSKEY}
     */
    public static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Waits until {@code GET /actuator/health} answers 200 with status {@code UP}.
     *
     * @param timeout longest wait
     * @throws IllegalStateException if the process exits meanwhile, or is not healthy in time (it is then stopped)
     */
    public void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(3)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    /** @return the name given at start */
    public String name() {
        return name;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the loopback port */
    public int port() {
        return port;
    }

    /** @return the operating system's process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process still runs (an out-of-memory error ends it) */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process's log file */
    public Path log() {
        return log;
    }

    /**
     * Kills the process at once ({@code SIGKILL} on Unix, as {@code kill -9}): no shutdown hook runs, nothing is
     * flushed or committed. Waits until it has ended (at most 30 seconds).
     *
     * @throws IllegalStateException if it still runs after 30 seconds
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + pid() + ") still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** Stops the process: SIGTERM, then SIGKILL after 20 seconds. Does nothing if it has ended. */
    @Override
    public void close() {
        stop(process.toHandle(), STOP_TIMEOUT_SECONDS);
    }

    /**
     * Stops a process gracefully (SIGTERM), killing it if it is still alive after the timeout.
     *
     * @param handle         the process
     * @param timeoutSeconds seconds to wait for it to end
     * @return whether it ended gracefully (or had already ended)
     */
    public static boolean stop(ProcessHandle handle, int timeoutSeconds) {
        if (!handle.isAlive()) {
            return true;
        }
        handle.destroy();
        try {
            handle.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
            return false;
        }
    }

    /**
     * @return a TCP port that was free on loopback a moment ago
     * @throws UncheckedIOException if no port can be bound
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void requireJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run the build through 'package' first (./mvnw verify)");
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
