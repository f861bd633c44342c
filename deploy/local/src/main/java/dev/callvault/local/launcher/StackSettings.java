package dev.callvault.local.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its state and which ports it uses, read from the launcher's environment with the local
 * defaults of the contract. A port variable set to {@code 0} picks a free port at start (tests run the stack that way,
 * beside a running one).
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code CALLVAULT_LOCAL_HOME}</td><td>state folder, default {@code <repository>/.local}</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_KAFKA_PORT}, {@code _KAFKA_CONTROLLER_PORT}</td><td>9092, 9093</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_POSTGRES_PORT}</td><td>15432</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_S3_PORT}</td><td>9000</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_SIMULATOR_PORT}</td><td>8089</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_INGEST_PORT}, {@code _FETCH_PORT}, {@code _STORAGE_PORT}, {@code _PLAYBACK_PORT},
 *       {@code _AUDIT_PORT}</td><td>8081 to 8085</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_MEDIA_PORT}, {@code _DASHBOARD_PORT}</td><td>8086, 8087</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_SERVICE_JVM_OPTS}</td><td>JVM options of each service,
 *       default {@value #DEFAULT_SERVICE_JVM_OPTS}</td></tr>
 *   <tr><td>{@code CALLVAULT_LOCAL_SKIP}</td><td>optional services not to start, by module name, comma-separated
 *       (e.g. {@code media-worker}); none by default</td></tr>
 * </table>
 *
 * @param repository      the checkout's root folder (service jars are under {@code <module>/target})
 * @param home            the state folder: {@code logs/}, {@code pids/}, {@code kafka/}, {@code postgres/}, {@code s3/}
 * @param classpath       the classpath of this module's runtime (for the broker and simulator processes)
 * @param kafkaLoggingDir folder with the SLF4J binding jar of the broker process
 * @param s3proxyJar      S3Proxy's {@code jar-with-dependencies}
 * @param kafkaPort       Kafka client port
 * @param kafkaControllerPort KRaft controller port
 * @param postgresPort    PostgreSQL port
 * @param s3Port          S3Proxy port
 * @param simulatorPort   provider simulator port
 * @param servicePorts    port of each service
 * @param serviceJvmArgs  JVM options of each service
 * @param environment     the operator's environment, which wins over every default
 */
public record StackSettings(Path repository, Path home, String classpath, Path kafkaLoggingDir, Path s3proxyJar,
                            int kafkaPort, int kafkaControllerPort, int postgresPort, int s3Port, int simulatorPort,
                            Map<LocalService, Integer> servicePorts, List<String> serviceJvmArgs,
                            OperatorEnvironment environment) {

    /**
     * JVM options of each service unless {@code CALLVAULT_LOCAL_SERVICE_JVM_OPTS} is set. The C1 compiler alone
     * ({@code TieredStopAtLevel=1}) cut the start of the five services on a busy 2-core machine from about 160 s to
     * about 100 s; the serial collector keeps each JVM small.
     */
    public static final String DEFAULT_SERVICE_JVM_OPTS =
            "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

    /**
     * Reads the settings.
     *
     * @param environment the operator's environment
     * @param repository  the checkout's root folder
     * @param classpath   this module's runtime classpath ({@code target/classes} and its dependencies)
     * @return the settings, every port resolved
     * @throws IllegalArgumentException if a port variable is not a number from 0 to 65535
     */
    public static StackSettings from(OperatorEnvironment environment, Path repository, String classpath) {
        Path root = repository.toAbsolutePath().normalize();
        Path home = environment.variable("CALLVAULT_LOCAL_HOME").map(Path::of).orElse(root.resolve(".local"))
                .toAbsolutePath().normalize();
        Path moduleTarget = root.resolve("deploy/local/target");
        Map<LocalService, Integer> servicePorts = new EnumMap<>(LocalService.class);
        for (LocalService service : LocalService.values()) {
            servicePorts.put(service, port(environment, service.portVariable(), service.defaultPort()));
        }
        List<String> jvm = Arrays.stream(environment.variable("CALLVAULT_LOCAL_SERVICE_JVM_OPTS")
                        .orElse(DEFAULT_SERVICE_JVM_OPTS).trim().split("\\s+"))
                .filter(option -> !option.isEmpty()).toList();
        return new StackSettings(root, home, classpath,
                moduleTarget.resolve("infra/kafka-logging"), moduleTarget.resolve("infra/s3proxy.jar"),
                port(environment, "CALLVAULT_LOCAL_KAFKA_PORT", LocalDefaults.KAFKA_PORT),
                port(environment, "CALLVAULT_LOCAL_KAFKA_CONTROLLER_PORT", LocalDefaults.KAFKA_CONTROLLER_PORT),
                port(environment, "CALLVAULT_LOCAL_POSTGRES_PORT", LocalDefaults.POSTGRES_PORT),
                port(environment, "CALLVAULT_LOCAL_S3_PORT", LocalDefaults.S3_PORT),
                port(environment, "CALLVAULT_LOCAL_SIMULATOR_PORT", LocalDefaults.SIMULATOR_PORT),
                Map.copyOf(servicePorts), jvm, environment);
    }

    /**
     * The variables that put a whole stack on free ports (every port variable {@code 0}) with its state in a given
     * folder: how tests and {@code deploy/ops/chaos} run a stack beside one that may already run on the defaults.
     *
     * @param home the state folder ({@code CALLVAULT_LOCAL_HOME})
     * @return variable names and values, to add to an operator's environment
     */
    public static Map<String, String> onFreePorts(Path home) {
        Map<String, String> variables = new java.util.HashMap<>();
        variables.put("CALLVAULT_LOCAL_HOME", home.toString());
        for (String part : List.of("KAFKA", "KAFKA_CONTROLLER", "POSTGRES", "S3", "SIMULATOR")) {
            variables.put("CALLVAULT_LOCAL_" + part + "_PORT", "0");
        }
        for (LocalService service : LocalService.values()) {
            variables.put(service.portVariable(), "0");
        }
        return variables;
    }

    /**
     * Whether the operator asked not to start a service ({@code CALLVAULT_LOCAL_SKIP}, module names separated by
     * commas). Required services are always started.
     *
     * @param service a service
     * @return whether it is optional and listed
     */
    public boolean skips(LocalService service) {
        return !service.required() && environment.variable("CALLVAULT_LOCAL_SKIP").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .anyMatch(service.module()::equals);
    }

    /** @return where every process writes its output */
    public Path logs() {
        return home.resolve("logs");
    }

    /** @return where the pid files are */
    public Path pids() {
        return home.resolve("pids");
    }

    /**
     * @return the broker's classpath: this module's runtime classpath and the SLF4J binding under
     *         {@link #kafkaLoggingDir()}
     */
    public String kafkaClasspath() {
        StringBuilder classpath = new StringBuilder(this.classpath);
        File[] jars = kafkaLoggingDir.toFile().listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars != null) {
            for (File jar : jars) {
                classpath.append(File.pathSeparator).append(jar.getAbsolutePath());
            }
        }
        return classpath.toString();
    }

    /** @return whether the broker's SLF4J binding was copied by the build */
    public boolean kafkaLoggingPresent() {
        return Files.isDirectory(kafkaLoggingDir);
    }

    private static int port(OperatorEnvironment environment, String variable, int defaultPort) {
        String value = environment.variable(variable).orElse(String.valueOf(defaultPort)).trim();
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " is not a port: " + value, e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(variable + " is not a port: " + value);
        }
        return port == 0 ? ServiceProcess.freePort() : port;
    }
}
