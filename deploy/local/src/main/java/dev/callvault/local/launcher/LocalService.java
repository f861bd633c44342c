package dev.callvault.local.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CallVault services and the dashboard as the local stack runs them: module folder, contract port, database (if the service
 * keeps one) and whether the stack needs it. Optional services are started only when their executable jar was built.
 */
public enum LocalService {

    /** Provider webhooks. */
    INGEST("ingest-service", "INGEST", 8081, null, true),
    /** Provider API fetches into the bucket. */
    FETCH_WORKER("fetch-worker", "FETCH", 8082, null, true),
    /** The recordings catalog. */
    STORAGE("storage-service", "STORAGE", 8083, "storage", true),
    /** Signed URLs and range streaming. */
    PLAYBACK("playback-service", "PLAYBACK", 8084, "playback", false),
    /** The audit log. */
    AUDIT("audit-service", "AUDIT", 8085, "audit", false),
    /** Waveform peaks and analysis of stored recordings (needs ffmpeg on the {@code PATH}). */
    MEDIA_WORKER("media-worker", "MEDIA", 8086, null, false),
    /** The web app and its backend-for-frontend. */
    DASHBOARD("dashboard", "DASHBOARD", 8087, null, false);

    private final String module;
    private final String variablePrefix;
    private final int defaultPort;
    private final String database;
    private final boolean required;

    LocalService(String module, String variablePrefix, int defaultPort, String database, boolean required) {
        this.module = module;
        this.variablePrefix = variablePrefix;
        this.defaultPort = defaultPort;
        this.database = database;
        this.required = required;
    }

    /** @return the module folder and service name, e.g. {@code ingest-service} */
    public String module() {
        return module;
    }

    /** @return the variable overriding its port, e.g. {@code CALLVAULT_LOCAL_INGEST_PORT} */
    public String portVariable() {
        return "CALLVAULT_LOCAL_" + variablePrefix + "_PORT";
    }

    /** @return its port in the contract */
    public int defaultPort() {
        return defaultPort;
    }

    /** @return its PostgreSQL database, if it has one */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** @return whether the stack cannot run without it */
    public boolean required() {
        return required;
    }

    /**
     * Finds the executable jar: {@code <module>/target/callvault-<module>-<version>-exec.jar}, the newest if several.
     *
     * @param repository the checkout's root folder
     * @return the jar, if it was built
     */
    public Optional<Path> executableJar(Path repository) {
        Path target = repository.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("callvault-" + module + "-") && name.endsWith("-exec.jar");
                    })
                    .max(Comparator.comparing(file -> file.toFile().lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
