package dev.callvault.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.callvault.events.TopicSpec;
import dev.callvault.events.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes manifest under {@code deploy/k8s} (and {@code deploy/observability/kafka-exporter.yaml}) matches
 * the Kubernetes schema: core and apps resources through fabric8's kubernetes-model, Strimzi {@code KafkaTopic}s
 * through Strimzi's own API model, KEDA {@code ScaledObject}s through the JSON schema in
 * {@code src/test/resources/schemas}; an unknown field anywhere fails. Kustomize patches are partial resources and
 * are held to the same schema.
 */
class KubernetesManifestsTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    @Test
    void shouldMatchTheKubernetesSchemaInEveryManifest() throws IOException {
        // given every resource document of deploy/k8s and the kafka-exporter manifest
        List<Path> files = new ArrayList<>(Repository.yamlFiles("deploy/k8s"));
        files.add(Repository.path("deploy/observability/kafka-exporter.yaml"));
        List<String> problems = new ArrayList<>();
        int resources = 0;

        // when each is parsed strictly by its kind (an overlay's patch is a partial resource: it may omit required
        // fields, never add unknown ones)
        for (Path file : files) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            boolean patch = file.startsWith(Repository.path("deploy/k8s/overlays"));
            for (Map<String, Object> document : Repository.yamlDocuments(file)) {
                resources++;
                problems.addAll(StrictResources.problems(Repository.root().relativize(file) + " "
                        + document.get("kind") + "/" + Repository.at(document, "metadata", "name"), document).stream()
                        .filter(problem -> !(patch && problem.contains("required property"))).toList());
            }
        }

        // then none has an unknown kind or field
        assertThat(resources).isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRejectAManifestWithAMisspelledField() {
        // given a Deployment whose probe says "readinesProbe"
        Map<String, Object> deployment = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "x"), "spec", Map.of("template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "x", "image", "x", "readinesProbe", Map.of()))))));

        // when it is checked / then the misspelling is reported
        assertThat(StrictResources.problems("test", deployment)).singleElement().asString()
                .contains("readinesProbe");
    }

    @Test
    void shouldRejectAScaledObjectWithAnUnknownField() {
        // given a ScaledObject with "maxReplicas" (an HPA field) instead of "maxReplicaCount"
        Map<String, Object> scaledObject = Map.of("apiVersion", "keda.sh/v1alpha1", "kind", "ScaledObject",
                "metadata", Map.of("name", "x"), "spec", Map.of("scaleTargetRef", Map.of("name", "x"),
                        "maxReplicas", 3, "triggers", List.of(Map.of("type", "kafka", "metadata", Map.of()))));

        // when it is checked / then the schema rejects it
        assertThat(StrictResources.problems("test", scaledObject)).singleElement().asString().contains("maxReplicas");
    }

    @Test
    void shouldListOnlyExistingFilesInEveryKustomization() {
        // given every kustomization.yaml
        for (Path kustomization : Repository.yamlFiles("deploy/k8s").stream()
                .filter(file -> file.getFileName().toString().equals("kustomization.yaml")).toList()) {
            Map<String, Object> document = Repository.yamlDocuments(kustomization).getFirst();
            List<String> referenced = new ArrayList<>();
            referenced.addAll(strings(document.get("resources")));
            for (Object patch : list(document.get("patches"))) {
                Object path = Repository.at(patch, "path");
                if (path != null) {
                    referenced.add(path.toString());
                }
            }

            // then each resource and patch it names exists
            assertThat(referenced).as(kustomization.toString()).isNotEmpty().allSatisfy(reference ->
                    assertThat(kustomization.getParent().resolve(reference)).exists());
        }
    }

    @Test
    void shouldRenderEveryOverlayWithKustomizeWhereKubectlIsInstalled() throws Exception {
        // given kubectl (not packaged by Debian: this check runs only where one is installed)
        Assumptions.assumeTrue(Tools.onPath("kubectl"), "kubectl is not installed");
        for (String overlay : List.of("local", "production")) {
            // when the overlay is rendered
            Tools.Result result = Tools.run(List.of("kubectl", "kustomize",
                    Repository.path("deploy/k8s/overlays/" + overlay).toString()), 120, TimeUnit.SECONDS);

            // then it renders, and every rendered resource matches the schema
            assertThat(result.exitCode()).as(result.output()).isZero();
            List<String> problems = new ArrayList<>();
            for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(result.output())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource = (Map<String, Object>) document;
                problems.addAll(StrictResources.problems(overlay + " " + resource.get("kind") + "/"
                        + Repository.at(resource, "metadata", "name"), resource));
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void shouldDeclareEveryContractTopicAndItsDeadLetterTopicAsTheirSpecsSay() {
        // given the KafkaTopics of the base
        Map<String, KafkaTopic> topics = kafkaTopics(Repository.path("deploy/k8s/base/kafka-topics.yaml"));

        // then every contract topic and its dead-letter topic is there with its spec's partitions, cleanup policy and
        // retention (Topics.SPECS), and nothing else is declared
        for (TopicSpec spec : Topics.SPECS) {
            assertThat(topics).containsKeys(spec.name(), spec.deadLetterName());
            assertThat(declared(topics.get(spec.name()))).as(spec.name()).isEqualTo(spec.configs());
            assertThat(declared(topics.get(spec.deadLetterName()))).as(spec.deadLetterName())
                    .isEqualTo(spec.deadLetterConfigs(Topics.DEAD_LETTER_RETENTION));
            assertThat(topics.get(spec.name()).getSpec().getPartitions()).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(topics.get(spec.deadLetterName()).getSpec().getPartitions()).as(spec.deadLetterName())
                    .isEqualTo(spec.partitions());
        }
        assertThat(topics).hasSize(2 * Topics.SPECS.size());
    }

    /** The cleanup policy and retention a KafkaTopic declares, as strings (the rest of its config is replication). */
    private static Map<String, String> declared(KafkaTopic topic) {
        Map<String, String> declared = new LinkedHashMap<>();
        topic.getSpec().getConfig().forEach((name, value) -> {
            if (name.equals("cleanup.policy") || name.equals("retention.ms")) {
                declared.put(name, String.valueOf(value));
            }
        });
        return declared;
    }

    /**
     * Concurrent fetches the production overlay must allow at its peak: 1M calls a day, 49 calls/s at peak, a 3 s
     * provider (docs/capacity.md, "Events per second and partitions": N = peak calls/s x T = 170).
     */
    private static final int PRODUCTION_PEAK_FETCHES = 170;

    @Test
    void shouldNeverRunMoreFetchConsumersThanCallEndedHasPartitionsNorTooFewFetches() {
        // given the base and the production overlay's patch, and fetch-worker's defaults
        Path base = Repository.path("deploy/k8s/base/fetch-worker.yaml");
        Path production = Repository.path("deploy/k8s/overlays/production/capacity.yaml");
        int defaultConcurrency = Integer.parseInt(String.valueOf(
                ServiceConfiguration.of("fetch-worker").yaml().get("callvault.fetch.concurrency")));
        int defaultMaxInFlight = Integer.parseInt(String.valueOf(
                ServiceConfiguration.of("fetch-worker").yaml().get("callvault.fetch.max-in-flight")));
        int baseConcurrency = env(base, "fetch-worker", "CALLVAULT_FETCH_CONCURRENCY", defaultConcurrency);
        int baseMaxInFlight = env(base, "fetch-worker", "CALLVAULT_FETCH_MAXINFLIGHT", defaultMaxInFlight);
        int basePartitions = kafkaTopics(Repository.path("deploy/k8s/base/kafka-topics.yaml"))
                .get(Topics.CALL_ENDED).getSpec().getPartitions();
        int productionPartitions = kafkaTopics(production).get(Topics.CALL_ENDED).getSpec().getPartitions();
        int productionConcurrency = env(production, "fetch-worker", "CALLVAULT_FETCH_CONCURRENCY", baseConcurrency);
        int productionMaxInFlight = env(production, "fetch-worker", "CALLVAULT_FETCH_MAXINFLIGHT", baseMaxInFlight);

        // then KEDA's cap times the consumers per pod never exceeds the partitions of callvault.call-ended.v1
        assertThat(maxReplicaCount(base, "fetch-worker") * baseConcurrency).isLessThanOrEqualTo(basePartitions);
        assertThat(maxReplicaCount(production, "fetch-worker") * productionConcurrency)
                .isLessThanOrEqualTo(productionPartitions);
        // and every consumer has fetches to hand over to, and production's fetches at once cover its peak
        assertThat(baseMaxInFlight).isGreaterThanOrEqualTo(baseConcurrency);
        assertThat(maxReplicaCount(production, "fetch-worker") * productionMaxInFlight)
                .isGreaterThanOrEqualTo(PRODUCTION_PEAK_FETCHES);
        // and the ScaledObject watches that topic and the fetch-worker's consumer group
        Map<String, Object> trigger = scaledObjectTrigger(base, "fetch-worker");
        assertThat(trigger).containsEntry("topic", Topics.CALL_ENDED).containsEntry("consumerGroup",
                ServiceConfiguration.of("fetch-worker").yaml().get("spring.kafka.consumer.group-id"));
    }

    @Test
    void shouldNeverRunMoreMediaConsumersThanRecordingStoredHasPartitions() {
        // given the base and the production overlay's patch, and media-worker's listener threads per topic
        Path base = Repository.path("deploy/k8s/base/media-worker.yaml");
        Path production = Repository.path("deploy/k8s/overlays/production/capacity.yaml");
        int defaultConcurrency = Integer.parseInt(String.valueOf(
                ServiceConfiguration.of("media-worker").yaml().get("spring.kafka.listener.concurrency")));
        int baseConcurrency = env(base, "media-worker", "SPRING_KAFKA_LISTENER_CONCURRENCY", defaultConcurrency);
        int productionConcurrency = env(production, "media-worker", "SPRING_KAFKA_LISTENER_CONCURRENCY",
                baseConcurrency);
        int basePartitions = kafkaTopics(Repository.path("deploy/k8s/base/kafka-topics.yaml"))
                .get(Topics.RECORDING_STORED).getSpec().getPartitions();
        KafkaTopic raised = kafkaTopics(production).get(Topics.RECORDING_STORED);
        int productionPartitions = raised == null ? basePartitions : raised.getSpec().getPartitions();

        // then KEDA's cap times the consumers per pod never exceeds the partitions of callvault.recording-stored.v1
        assertThat(maxReplicaCount(base, "media-worker") * baseConcurrency).isLessThanOrEqualTo(basePartitions);
        assertThat(maxReplicaCount(production, "media-worker") * productionConcurrency)
                .isLessThanOrEqualTo(productionPartitions);
        // and the ScaledObject watches that topic and media-worker's consumer group
        assertThat(scaledObjectTrigger(base, "media-worker")).containsEntry("topic", Topics.RECORDING_STORED)
                .containsEntry("consumerGroup",
                        ServiceConfiguration.of("media-worker").yaml().get("spring.kafka.consumer.group-id"));
    }

    /** @return the value of variable {@code name} of Deployment {@code deployment} in {@code file}, or otherwise */
    private static int env(Path file, String deployment, String name, int otherwise) {
        return Repository.yamlDocuments(file).stream().filter(document -> "Deployment".equals(document.get("kind")))
                .filter(document -> deployment.equals(Repository.at(document, "metadata", "name")))
                .flatMap(document -> list(Repository.at(document, "spec", "template", "spec", "containers")).stream())
                .flatMap(container -> list(Repository.at(container, "env")).stream())
                .filter(variable -> name.equals(Repository.at(variable, "name")))
                .map(variable -> Integer.parseInt(String.valueOf(Repository.at(variable, "value"))))
                .findFirst().orElse(otherwise);
    }

    private static Map<String, KafkaTopic> kafkaTopics(Path file) {
        Map<String, KafkaTopic> topics = new java.util.TreeMap<>();
        for (Map<String, Object> document : Repository.yamlDocuments(file)) {
            if ("KafkaTopic".equals(document.get("kind"))) {
                KafkaTopic topic = JSON.convertValue(document, KafkaTopic.class);
                topics.put(topic.getMetadata().getName(), topic);
            }
        }
        return topics;
    }

    private static int maxReplicaCount(Path file, String name) {
        return (Integer) Repository.at(scaledObject(file, name), "spec", "maxReplicaCount");
    }

    private static Map<String, Object> scaledObject(Path file, String name) {
        return Repository.yamlDocuments(file).stream().filter(document -> "ScaledObject".equals(document.get("kind")))
                .filter(document -> name.equals(Repository.at(document, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no ScaledObject " + name + " in " + file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scaledObjectTrigger(Path file, String name) {
        Map<String, Object> scaledObject = scaledObject(file, name);
        return (Map<String, Object>) ((Map<String, Object>) list(Repository.at(scaledObject, "spec", "triggers"))
                .getFirst()).get("metadata");
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> items ? items : List.of();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    /** Strict parsing by kind. */
    static final class StrictResources {

        private static final JsonSchema SCALED_OBJECT = scaledObjectSchema();

        private StrictResources() {
        }

        /**
         * @param where    where the resource comes from, for messages
         * @param resource one resource document
         * @return what is wrong with it: unknown kinds, unknown fields, schema violations; empty if nothing
         */
        static List<String> problems(String where, Map<String, Object> resource) {
            String apiVersion = String.valueOf(resource.get("apiVersion"));
            if (apiVersion.startsWith("keda.sh/")) {
                return SCALED_OBJECT.validate(JSON.valueToTree(resource)).stream()
                        .map(ValidationMessage::getMessage).map(message -> where + ": " + message).toList();
            }
            if (apiVersion.startsWith("kafka.strimzi.io/")) {
                List<String> problems = new ArrayList<>();
                boolean user = "KafkaUser".equals(resource.get("kind"));
                List<String> versions = user ? io.strimzi.api.kafka.model.user.KafkaUser.VERSIONS : KafkaTopic.VERSIONS;
                if (!versions.contains(apiVersion.substring(apiVersion.indexOf('/') + 1))) {
                    problems.add(where + ": Strimzi serves " + versions + ", not " + apiVersion);
                }
                Object model = user ? JSON.convertValue(resource, io.strimzi.api.kafka.model.user.KafkaUser.class)
                        : JSON.convertValue(resource, KafkaTopic.class);
                UnknownFields.collect(where, model, problems);
                return problems;
            }
            KubernetesResource parsed = KUBERNETES.unmarshal(KUBERNETES.asJson(resource));
            if (parsed instanceof GenericKubernetesResource) {
                return List.of(where + ": unknown kind " + apiVersion + " " + resource.get("kind"));
            }
            List<String> problems = new ArrayList<>();
            UnknownFields.collect(where, parsed, problems);
            return problems;
        }

        private static JsonSchema scaledObjectSchema() {
            try (InputStream in = KubernetesManifestsTests.class
                    .getResourceAsStream("/schemas/keda-scaledobject-v1alpha1.schema.json")) {
                JsonNode schema = JSON.readTree(in);
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
