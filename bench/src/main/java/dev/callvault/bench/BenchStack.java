package dev.callvault.bench;

import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.ServiceProcess;
import dev.callvault.local.launcher.StackFile;
import dev.callvault.local.launcher.StackSettings;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole CallVault system as {@code deploy/local/up} runs it (Kafka, PostgreSQL, S3Proxy, provider simulator and
 * the five services, each its own process), on free ports with its state under the run's work folder. Starting one
 * takes one to two minutes on 2 cores, so a run starts it once ({@link #shared(BenchContext, Map)}) and every
 * scenario uses it, keeping apart through its own recording ids.
 *
 * @param stack       the launcher's handle: {@code services()} gives each service's pid and URL, and parts can be
 *                    stopped, killed and restarted
 * @param addresses   {@code <service>.url}, {@code simulator.url}, {@code kafka.bootstrap-servers}, ... as
 *                    {@code stack.properties} lists them
 * @param environment the variables every process of the stack inherits (tenants' secrets, JWT secret, S3 keys)
 */
public record BenchStack(LocalStack stack, Map<String, String> addresses, OperatorEnvironment environment) {

    /**
     * JVM options of every service in a benchmark run, unless {@code CALLVAULT_LOCAL_SERVICE_JVM_OPTS} is set: the
     * local stack's 256 MB heap, but the JIT and garbage collector the JVM picks itself, as the container images run
     * (the local stack's default keeps to the C1 compiler and the serial collector to start fast and stay small,
     * which would measure a JVM nobody runs in production).
     */
    public static final String SERVICE_JVM_OPTS = "-Xmx256m -XX:+ExitOnOutOfMemoryError";

    private static BenchStack shared;

    /**
     * The run's stack, started on first call and stopped when the JVM exits.
     *
     * @param context   the run (its work folder holds the stack's state and logs)
     * @param overrides operator variables applied on first start only (e.g. {@code CALLVAULT_SERVICE_JVM_OPTS});
     *                  later calls must pass the same or none
     * @return the running stack
     * @throws IOException if the state folder cannot be created
     */
    public static synchronized BenchStack shared(BenchContext context, Map<String, String> overrides)
            throws IOException {
        if (shared == null) {
            Path home = Files.createDirectories(context.workDir().resolve("stack"));
            Map<String, String> variables = new LinkedHashMap<>(StackSettings.onFreePorts(home));
            variables.put("CALLVAULT_LOCAL_SERVICE_JVM_OPTS",
                    System.getenv().getOrDefault("CALLVAULT_LOCAL_SERVICE_JVM_OPTS", SERVICE_JVM_OPTS));
            // media-worker runs only where a scenario starts it (the pipeline's last burst): otherwise it would decode
            // every recording the other scenarios make
            variables.put("CALLVAULT_LOCAL_SKIP", "media-worker");
            variables.putAll(overrides);
            StackSettings settings = StackSettings.from(new OperatorEnvironment(variables),
                    context.repositoryRoot(), launcherClasspath(context.repositoryRoot()));
            LocalStack stack = new LocalStack(settings, new PrintStream(Files.newOutputStream(
                    home.resolve("launcher.log")), true));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stack-stop"));
            stack.up();
            shared = new BenchStack(stack, new StackFile(settings.home()).read().orElseThrow(),
                    settings.environment());
        }
        return shared;
    }

    /**
     * @param module a service's module name, e.g. {@code playback-service}
     * @return its running process (pid, URL)
     * @throws IllegalStateException if the stack does not run it
     */
    public ServiceProcess service(String module) {
        return stack.services().stream().filter(process -> process.name().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalStateException(module + " is not running"));
    }

    /** The launcher's runtime classpath, as deploy/local's build wrote it. */
    private static String launcherClasspath(Path root) {
        Path local = root.resolve("deploy/local/target");
        try {
            return local.resolve("classes") + File.pathSeparator
                    + Files.readString(local.resolve("classpath.txt")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("build deploy/local first: its classpath file is missing", e);
        }
    }
}
