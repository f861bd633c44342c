package dev.callvault.local.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code <home>/stack.properties}: the addresses of a running stack (no credentials), written by {@code up} once every
 * process is healthy and removed when it stops. {@code demo} reads it to find the services.
 *
 * <p>Keys: {@code kafka.bootstrap-servers}, {@code postgres.port}, {@code s3.endpoint}, {@code simulator.url},
 * {@code <service>.url} for every running service (e.g. {@code ingest-service.url}), {@code ingest.public-base-url},
 * {@code providers.twilio.api-base-url}, {@code providers.elevenlabs.api-base-url}.
 */
public final class StackFile {

    private final Path file;

    /**
     * @param home the stack's state folder
     */
    public StackFile(Path home) {
        this.file = home.resolve("stack.properties");
    }

    /** @return the file's location */
    public Path path() {
        return file;
    }

    /**
     * Writes the addresses, replacing the file.
     *
     * @param entries keys and values
     */
    public void write(Map<String, String> entries) {
        Properties properties = new Properties();
        properties.putAll(new TreeMap<>(entries));
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "CallVault local stack: addresses of the running processes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * @return the addresses of the running stack, if it wrote them
     */
    public Optional<Map<String, String>> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        return Optional.of(entries);
    }

    /** Removes the file if it exists. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
