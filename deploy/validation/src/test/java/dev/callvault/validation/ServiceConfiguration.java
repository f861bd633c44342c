package dev.callvault.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service binds: its {@code application.yml} (flattened keys and values) and the
 * {@code @ConfigurationProperties} records of the service and of {@code platform}, read from their sources (the
 * record's components, nested records of the same file followed, {@code Map} components taken as map properties). Environment variable names are matched
 * the way Spring Boot binds them (relaxed binding: {@code CALLVAULT_STORAGE_S3_ACCESSKEY} is
 * {@code callvault.storage.s3.access-key}; a variable below a map property, e.g.
 * {@code CALLVAULT_TENANTS_DEMO_TWILIO_AUTHTOKEN} below {@code callvault.tenants}, binds to an entry of the map).
 *
 * @param module       the service's module folder, e.g. {@code ingest-service}
 * @param yaml         its {@code application.yml}, flattened ({@code server.port} → {@code 8081})
 * @param properties   canonical names of the scalar properties it binds
 * @param mapPrefixes  canonical names of its map-typed properties
 */
record ServiceConfiguration(String module, Map<String, Object> yaml, Set<String> properties, Set<String> mapPrefixes) {

    /** The six services, in the contract's port order. */
    static final List<String> SERVICES = List.of("ingest-service", "fetch-worker", "storage-service",
            "playback-service", "audit-service", "media-worker");

    /** Variables that are the JVM's or the container's, not Spring properties. */
    /**
     * Variables read by the JVM or by Spring Boot itself rather than bound to a property a service declares: the
     * profile, and Spring Boot's Kafka client security settings ({@code KafkaProperties}) of the production overlay.
     */
    private static final Set<String> NOT_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE",
            "SPRING_KAFKA_SECURITY_PROTOCOL", "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "SPRING_KAFKA_SSL_TRUSTSTORETYPE",
            "SPRING_KAFKA_SSL_TRUSTSTORECERTIFICATES");


    /** The tenants' map prefix ({@code TenantCredentials.PREFIX} in platform). */
    private static final String TENANTS = "callvault.tenants";

    private static final Pattern CONFIGURATION_PROPERTIES = Pattern.compile(
            "@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\((?:[^()]|\\([^()]*\\))*\\))?");

    /**
     * Reads a service's configuration.
     *
     * @param module the service's module folder
     * @return its configuration
     * @throws UncheckedIOException if a file cannot be read
     */
    static ServiceConfiguration of(String module) {
        Map<String, Object> yaml = new java.util.TreeMap<>();
        for (Map<String, Object> document : Repository.yamlDocuments(
                Repository.path(module + "/src/main/resources/application.yml"))) {
            flatten("", document, yaml);
        }
        Set<String> properties = new HashSet<>();
        Set<String> mapPrefixes = new HashSet<>();
        yaml.keySet().forEach(key -> properties.add(canonical(key)));
        bindableProperties(module, properties, mapPrefixes);
        // platform's TenantCredentials binds callvault.tenants.<id>.<provider>.* with Spring's Binder (each provider
        // package binds its own block), not through a @ConfigurationProperties record: a map prefix of every service
        mapPrefixes.add(TENANTS);
        return new ServiceConfiguration(module, yaml, properties, mapPrefixes);
    }

    /** @return {@code server.port} of its {@code application.yml} */
    int port() {
        return Integer.parseInt(String.valueOf(yaml.get("server.port")));
    }

    /** @return whether {@code management.endpoint.health.probes.enabled} is true (liveness and readiness groups) */
    boolean probesEnabled() {
        return Boolean.TRUE.equals(yaml.get("management.endpoint.health.probes.enabled"));
    }

    /**
     * @param variable an environment variable name, e.g. {@code CALLVAULT_STORAGE_S3_ENDPOINT}
     * @return whether the service binds it
     */
    boolean binds(String variable) {
        if (NOT_PROPERTIES.contains(variable)) {
            return true;
        }
        String name = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        return properties.contains(name) || mapPrefixes.stream().anyMatch(prefix -> name.startsWith(prefix + "."));
    }

    private static String canonical(String property) {
        return property.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static void flatten(String prefix, Map<?, ?> node, Map<String, Object> into) {
        node.forEach((key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                flatten(name, child, into);
            } else {
                into.put(name, value);
            }
        });
    }

    private static void bindableProperties(String module, Set<String> properties, Set<String> mapPrefixes) {
        for (String folder : List.of(module, "platform")) {
            try (Stream<Path> files = Files.walk(Repository.path(folder + "/src/main/java"))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher annotation = CONFIGURATION_PROPERTIES.matcher(source);
                    while (annotation.find()) {
                        Matcher record = RECORD.matcher(source);
                        if (record.find(annotation.end())) {
                            components(source, record.group(1), canonical(annotation.group(1)), properties,
                                    mapPrefixes, 0);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads the components of {@code record <name>(...)} in {@code source}; nested records of the file recurse. */
    private static void components(String source, String record, String prefix, Set<String> properties,
                                   Set<String> mapPrefixes, int depth) {
        Matcher header = Pattern.compile("record\\s+" + record + "\\s*\\(").matcher(source);
        if (!header.find() || depth > 5) {
            return;
        }
        int level = 1;
        int index = header.end();
        StringBuilder component = new StringBuilder();
        List<String> parts = new ArrayList<>();
        while (level > 0 && index < source.length()) {
            char c = source.charAt(index++);
            if (c == '(' || c == '<') {
                level++;
            } else if ((c == ')' || c == '>') && --level == 0) {
                break;
            }
            if (c == ',' && level == 1) {
                parts.add(component.toString());
                component.setLength(0);
            } else {
                component.append(c);
            }
        }
        parts.add(component.toString());
        for (String part : parts) {
            String declaration = ANNOTATION.matcher(part).replaceAll(" ").trim();
            int space = declaration.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String type = declaration.substring(0, space).trim();
            String name = prefix + "." + canonical(declaration.substring(space + 1));
            if (type.startsWith("Map<")) {
                mapPrefixes.add(name);
            } else if (Pattern.compile("record\\s+" + Pattern.quote(type) + "\\s*\\(").matcher(source).find()) {
                components(source, type, name, properties, mapPrefixes, depth + 1);
            } else {
                properties.add(name);
            }
        }
    }
}
