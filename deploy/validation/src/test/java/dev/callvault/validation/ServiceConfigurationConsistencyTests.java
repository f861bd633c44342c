package dev.callvault.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with the services: container ports, probe paths and every environment variable name in
 * the Kubernetes manifests, docker-compose.yml and the Dockerfiles match each service's {@code application.yml} and
 * {@code @ConfigurationProperties}.
 */
class ServiceConfigurationConsistencyTests {

    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";

    @Test
    void shouldProbeAndExposeEachDeploymentOnItsServicesPortAndHealthGroups() {
        for (String module : ServiceConfiguration.SERVICES) {
            // given the service's configuration and its Deployment and Service
            ServiceConfiguration configuration = ServiceConfiguration.of(module);
            List<Map<String, Object>> documents = Repository.yamlDocuments(
                    Repository.path("deploy/k8s/base/" + module + ".yaml"));
            Map<String, Object> container = container(kind(documents, "Deployment"), module);
            Map<String, Object> port = firstOf(container.get("ports"));

            // then the container port is server.port, and the Service routes to it by name
            assertThat(port).as(module).containsEntry("name", "http").containsEntry("containerPort",
                    configuration.port());
            assertThat(Repository.at(firstOf(Repository.at(kind(documents, "Service"), "spec", "ports")),
                    "targetPort")).as(module).isEqualTo("http");
            // and the probes ask the actuator's liveness and readiness groups, which the service enables
            assertThat(configuration.probesEnabled()).as(module + ": management.endpoint.health.probes.enabled")
                    .isTrue();
            assertThat(Repository.at(container, "startupProbe", "httpGet", "path")).as(module).isEqualTo(LIVENESS);
            assertThat(Repository.at(container, "livenessProbe", "httpGet", "path")).as(module).isEqualTo(LIVENESS);
            assertThat(Repository.at(container, "readinessProbe", "httpGet", "path")).as(module).isEqualTo(READINESS);
            // and Prometheus scrapes the endpoint the service exposes
            Object annotations = Repository.at(kind(documents, "Deployment"), "spec", "template", "metadata",
                    "annotations");
            assertThat(Repository.at(annotations, "prometheus.io/port")).isEqualTo(String.valueOf(configuration.port()));
            assertThat(String.valueOf(configuration.yaml().get("management.endpoints.web.exposure.include")))
                    .as(module).contains("prometheus").contains("health");
        }
    }

    @Test
    void shouldSetOnlyVariablesTheServicesBindInTheKubernetesManifests() {
        // given every variable the manifests set: each Deployment's env, the shared ConfigMap and the overlays'
        // generated ConfigMap and Secret entries that are passed whole (envFrom)
        List<String> unbound = new ArrayList<>();
        for (String module : ServiceConfiguration.SERVICES) {
            ServiceConfiguration configuration = ServiceConfiguration.of(module);
            Map<String, Object> container = container(kind(Repository.yamlDocuments(
                    Repository.path("deploy/k8s/base/" + module + ".yaml")), "Deployment"), module);
            for (Object variable : list(container.get("env"))) {
                String name = String.valueOf(Repository.at(variable, "name"));
                if (!configuration.binds(name)) {
                    unbound.add(module + ": " + name);
                }
            }
        }
        Set<String> shared = new HashSet<>();
        shared.addAll(keys(Repository.at(kind(Repository.yamlDocuments(Repository.path("deploy/k8s/base/config.yaml")),
                "ConfigMap"), "data")));
        for (String overlay : List.of("local", "production")) {
            Map<String, Object> kustomization = Repository.yamlDocuments(
                    Repository.path("deploy/k8s/overlays/" + overlay + "/kustomization.yaml")).getFirst();
            for (String generator : List.of("configMapGenerator", "secretGenerator")) {
                for (Object generated : list(kustomization.get(generator))) {
                    if (Set.of("callvault-common", "callvault-tenants", "callvault-signing-keys")
                            .contains(String.valueOf(Repository.at(generated, "name")))) {
                        list(Repository.at(generated, "literals")).forEach(literal ->
                                shared.add(String.valueOf(literal).substring(0, String.valueOf(literal).indexOf('='))));
                    }
                }
            }
        }
        for (String name : shared) {
            if (ServiceConfiguration.SERVICES.stream().noneMatch(module -> ServiceConfiguration.of(module).binds(name))) {
                unbound.add("shared: " + name);
            }
        }

        // then every one binds to a property of the service that gets it
        assertThat(shared).contains("SPRING_KAFKA_BOOTSTRAPSERVERS", "CALLVAULT_TENANTS_DEMO_TWILIO_AUTHTOKEN",
                "CALLVAULT_PLAYBACK_SIGNINGKEYS_LOCAL");
        assertThat(unbound).isEmpty();
    }

    @Test
    void shouldRejectAMisspelledVariable() {
        // given the storage-service's configuration / then a variable with a typo does not bind, the real one does
        ServiceConfiguration storage = ServiceConfiguration.of("storage-service");
        assertThat(storage.binds("SPRING_DATASOURCE_URL")).isTrue();
        assertThat(storage.binds("SPRING_DATASOURCE_URI")).isFalse();
    }

    @Test
    void shouldRunEachServiceInComposeOnItsPortWithVariablesItBinds() {
        // given docker-compose.yml
        Map<String, Object> compose = Repository.yamlDocuments(Repository.path("docker-compose.yml")).getFirst();
        List<String> unbound = new ArrayList<>();
        for (String module : ServiceConfiguration.SERVICES) {
            ServiceConfiguration configuration = ServiceConfiguration.of(module);
            Map<String, Object> environment = map(Repository.at(compose, "services", module, "environment"));

            // then it runs on its contract port, built from its own Dockerfile
            assertThat(environment).as(module).containsEntry("SERVER_PORT", configuration.port());
            assertThat(Repository.at(compose, "services", module, "build", "dockerfile")).as(module)
                    .isEqualTo(module + "/Dockerfile");
            // and every variable it gets is a property some service binds (compose, like the launcher, gives every
            // service the same local defaults)
            environment.keySet().stream().filter(name -> !name.startsWith("<<"))
                    .filter(name -> ServiceConfiguration.SERVICES.stream()
                            .noneMatch(other -> ServiceConfiguration.of(other).binds(name)))
                    .forEach(name -> unbound.add(module + ": " + name));
            // and its own database, when it has one, is the service's own
            Object url = environment.get("SPRING_DATASOURCE_URL");
            if (url != null) {
                assertThat(url.toString()).endsWith("/" + module.replace("-service", ""));
            }
        }
        assertThat(unbound).isEmpty();
    }

    @Test
    void shouldBuildEachImageAsANonRootLayeredJarWithAReadinessHealthCheck() throws IOException {
        for (String module : ServiceConfiguration.SERVICES) {
            // given the service's Dockerfile
            String dockerfile = Files.readString(Repository.path(module + "/Dockerfile"));
            int port = ServiceConfiguration.of(module).port();

            // then it builds with the wrapper on a JDK 21 image, runs the layered jar on a JRE as a non-root user,
            // sizes the heap from the container and checks readiness on the service's port
            assertThat(dockerfile).as(module)
                    .contains("FROM eclipse-temurin:21-jdk AS build", "./mvnw", "-pl " + module,
                            "FROM eclipse-temurin:21-jre", "-Djarmode=tools", "extract --layers --launcher",
                            "USER 10001:10001", "-XX:MaxRAMPercentage=", "EXPOSE " + port, "SERVER_PORT=" + port,
                            READINESS, "org.springframework.boot.loader.launch.JarLauncher");
        }
    }

    private static Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).findFirst().orElseThrow(() ->
                new AssertionError("no " + kind));
    }

    private static Map<String, Object> container(Map<String, Object> deployment, String name) {
        return list(Repository.at(deployment, "spec", "template", "spec", "containers")).stream().map(
                ServiceConfigurationConsistencyTests::map).filter(container -> name.equals(container.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static Map<String, Object> firstOf(Object items) {
        return map(list(items).getFirst());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> items ? items : List.of();
    }

    private static Set<String> keys(Object value) {
        return map(value).keySet();
    }
}
