package dev.callvault.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The checkout under test: its root comes from the system property {@code callvault.repository} (surefire sets it to
 * the Maven root), else two folders up from this module.
 */
final class Repository {

    private Repository() {
    }

    /** @return the repository's root folder */
    static Path root() {
        return Path.of(System.getProperty("callvault.repository", "../..")).toAbsolutePath().normalize();
    }

    /**
     * @param relative a path inside the repository, e.g. {@code deploy/k8s}
     * @return it, resolved against {@link #root()}
     */
    static Path path(String relative) {
        return root().resolve(relative);
    }

    /**
     * Every YAML document of a file, as maps and lists (SnakeYAML, YAML 1.1).
     *
     * @param file a {@code .yaml} or {@code .yml} file
     * @return its non-empty documents, in order
     * @throws UncheckedIOException if the file cannot be read
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /**
     * The YAML files under a folder, sorted.
     *
     * @param folder e.g. {@code deploy/k8s}, relative to the root
     * @return the files ending in {@code .yaml} or {@code .yml}
     */
    static List<Path> yamlFiles(String folder) {
        try (Stream<Path> files = Files.walk(path(folder))) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Follows a path of map keys.
     *
     * @param node a map, or null
     * @param keys the keys to follow
     * @return the value found, or null where a key is missing
     */
    @SuppressWarnings("unchecked")
    static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }
}
