package dev.callvault.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 18: in the production overlay each service is a Kafka user of its own (Strimzi {@code KafkaUser},
 * SCRAM-SHA-512, simple authorization) that may write only the topics it owns, reads with its own consumer group,
 * and connects with its own credentials; and the namespace denies egress but for what each service needs.
 */
class KafkaAccessTests {

    private static final String PRODUCTION = "deploy/k8s/overlays/production/";

    /** The services that may write each source topic (docs/architecture.md, "Kafka topics": the producers). */
    private static final Map<String, Set<String>> WRITERS = Map.of(
            "callvault.call-ended.v1", Set.of("ingest-service", "storage-service"), // storage: reconciliation
            "callvault.recording-stored.v1", Set.of("fetch-worker", "storage-service"),
            "callvault.recording-fetch-failed.v1", Set.of("fetch-worker"),
            "callvault.fetch-requested.v1", Set.of("storage-service"),
            "callvault.recording-deleted.v1", Set.of("storage-service"),
            "callvault.recording-lifecycle.v1", Set.of("storage-service"),
            "callvault.retention-runs.v1", Set.of("storage-service"),
            "callvault.recording-accessed.v1", Set.of("playback-service"),
            "callvault.recording-analyzed.v1", Set.of("media-worker"),
            "callvault.recording-derived.v1", Set.of("media-worker"));

    @Test
    void shouldLetEachServiceWriteOnlyTheTopicsItOwnsAndReadWithItsOwnGroup() {
        // given the production overlay's Kafka users
        List<String> resources = strings(Repository.at(kustomization(), "resources"));
        assertThat(resources).contains("kafka-users.yaml");
        Map<String, Map<String, Object>> users = new TreeMap<>();
        for (Map<String, Object> document : Repository.yamlDocuments(Repository.path(PRODUCTION + "kafka-users.yaml"))) {
            if ("KafkaUser".equals(document.get("kind"))) {
                users.put((String) Repository.at(document, "metadata", "name"), document);
            }
        }

        // then every service has one, authenticated with SCRAM-SHA-512 and authorized by its ACLs
        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(ServiceConfiguration.SERVICES);
        Map<String, Set<String>> writers = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> user : users.entrySet()) {
            Map<String, Object> spec = map(user.getValue().get("spec"));
            assertThat(Repository.at(spec, "authentication", "type")).as(user.getKey()).isEqualTo("scram-sha-512");
            assertThat(Repository.at(spec, "authorization", "type")).as(user.getKey()).isEqualTo("simple");
            Set<String> groups = new TreeSet<>();
            for (Object acl : (List<?>) Repository.at(spec, "authorization", "acls")) {
                String type = (String) Repository.at(acl, "resource", "type");
                String name = (String) Repository.at(acl, "resource", "name");
                List<String> operations = strings(Repository.at(acl, "operations"));
                assertThat(operations).as(user.getKey() + " " + name).doesNotContain("All", "Alter", "Delete");
                if ("topic".equals(type) && operations.contains("Write")) {
                    writers.computeIfAbsent(name, topic -> new TreeSet<>()).add(user.getKey());
                }
                if ("group".equals(type)) {
                    groups.add(name);
                }
            }
            // and a service that consumes reads with its own group, and with no other service's
            Object group = ServiceConfiguration.of(user.getKey()).yaml().get("spring.kafka.consumer.group-id");
            if (group != null) {
                assertThat(groups).as(user.getKey()).contains(group.toString());
            }
            assertThat(groups).as(user.getKey()).allMatch(name -> name.startsWith(user.getKey()));
        }

        // and each source topic is written by its owners only; everyone else writes dead letters at most
        WRITERS.forEach((topic, owners) -> assertThat(writers.getOrDefault(topic, Set.of())).as(topic)
                .isEqualTo(owners));
        assertThat(writers.keySet()).allMatch(topic -> WRITERS.containsKey(topic) || topic.endsWith("-dlt")
                || topic.endsWith("-retry-"));
    }

    @Test
    void shouldConnectEachServiceWithItsOwnCredentialsOverTls() {
        // given the production overlay's patches
        assertThat(strings(Repository.at(kustomization(), "patches")).toString()).contains("kafka-auth.yaml");
        List<String> patched = new ArrayList<>();
        for (Map<String, Object> document : Repository.yamlDocuments(Repository.path(PRODUCTION + "kafka-auth.yaml"))) {
            String service = (String) Repository.at(document, "metadata", "name");
            Map<String, Object> container = map(((List<?>) Repository.at(document, "spec", "template", "spec",
                    "containers")).getFirst());
            Map<String, Object> environment = new TreeMap<>();
            for (Object variable : (List<?>) container.get("env")) {
                environment.put((String) Repository.at(variable, "name"), variable);
            }

            // then it speaks SASL_SSL with SCRAM-SHA-512, the JAAS configuration from its own user's Secret
            assertThat(Repository.at(environment.get("SPRING_KAFKA_SECURITY_PROTOCOL"), "value")).as(service)
                    .isEqualTo("SASL_SSL");
            assertThat(Repository.at(environment.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM"), "value"))
                    .as(service).isEqualTo("SCRAM-SHA-512");
            assertThat(Repository.at(environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"), "valueFrom",
                    "secretKeyRef", "name")).as(service).isEqualTo(service);
            patched.add(service);
        }
        assertThat(patched).containsExactlyInAnyOrderElementsOf(ServiceConfiguration.SERVICES);
    }

    @Test
    void shouldDenyEgressButWhatEachServiceNeeds() {
        // given the base's network policies
        Map<String, Map<String, Object>> policies = new TreeMap<>();
        for (Map<String, Object> document : Repository.yamlDocuments(Repository.path(
                "deploy/k8s/base/network-policies.yaml"))) {
            policies.put((String) Repository.at(document, "metadata", "name"), document);
        }

        // then egress is denied by default
        Map<String, Object> deny = policies.get("default-deny-egress");
        assertThat(deny).isNotNull();
        assertThat(Repository.at(deny, "spec", "podSelector")).isEqualTo(Map.of());
        assertThat(strings(Repository.at(deny, "spec", "policyTypes"))).containsExactly("Egress");

        // and only fetch-worker and storage-service may call out to the internet (the providers' APIs)
        List<String> callOut = new ArrayList<>();
        for (Map<String, Object> policy : policies.values()) {
            for (Object rule : listOrEmpty(Repository.at(policy, "spec", "egress"))) {
                boolean internet = listOrEmpty(Repository.at(rule, "to")).stream()
                        .anyMatch(peer -> "0.0.0.0/0".equals(Repository.at(peer, "ipBlock", "cidr")));
                if (internet) {
                    callOut.addAll(strings(Repository.at(((List<?>) Repository.at(policy, "spec", "podSelector",
                            "matchExpressions")).getFirst(), "values")));
                }
            }
        }
        assertThat(callOut).containsExactlyInAnyOrder("fetch-worker", "storage-service");
    }

    private static Map<String, Object> kustomization() {
        return Repository.yamlDocuments(Repository.path(PRODUCTION + "kustomization.yaml")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    private static List<?> listOrEmpty(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static List<String> strings(Object node) {
        List<String> values = new ArrayList<>();
        for (Object value : listOrEmpty(node)) {
            values.add(value instanceof Map<?, ?> entry && entry.get("path") != null ? String.valueOf(entry.get("path"))
                    : String.valueOf(value));
        }
        return values;
    }
}
