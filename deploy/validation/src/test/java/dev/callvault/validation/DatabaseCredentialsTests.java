package dev.callvault.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 17: each service with a database has its own database credential in compose and Kubernetes (it used
 * to be one Secret for three services), and audit-service runs its migrations with a credential other than the one
 * it serves with.
 */
class DatabaseCredentialsTests {

    private static final List<String> WITH_DATABASE = List.of("storage-service", "playback-service", "audit-service");

    @Test
    void shouldGiveEachServiceItsOwnDatabaseSecretInKubernetes() {
        // given the Secrets each Deployment takes its database user from
        Map<String, String> datasourceSecrets = new HashMap<>();
        String auditMigrationSecret = null;
        for (String module : WITH_DATABASE) {
            Map<String, String> secrets = secretsByVariable(module);
            datasourceSecrets.put(module, secrets.get("SPRING_DATASOURCE_USERNAME"));
            // then user and password come from one Secret per service
            assertThat(secrets.get("SPRING_DATASOURCE_PASSWORD")).as(module)
                    .isEqualTo(secrets.get("SPRING_DATASOURCE_USERNAME"));
            if (module.equals("audit-service")) {
                auditMigrationSecret = secrets.get("SPRING_FLYWAY_USER");
                assertThat(secrets.get("SPRING_FLYWAY_PASSWORD")).isEqualTo(auditMigrationSecret);
            }
        }
        assertThat(datasourceSecrets.values()).doesNotContainNull().doesNotHaveDuplicates();
        // and audit-service's migrations run with a credential of their own
        assertThat(auditMigrationSecret).isNotNull().isNotIn(datasourceSecrets.values());

        // and the local overlay generates every one of them with distinct users
        Map<String, Object> local = Repository.yamlDocuments(
                Repository.path("deploy/k8s/overlays/local/kustomization.yaml")).getFirst();
        Map<String, String> users = new HashMap<>();
        for (Object generator : (List<?>) local.get("secretGenerator")) {
            for (Object literal : (List<?>) Repository.at(generator, "literals")) {
                if (String.valueOf(literal).startsWith("username=")) {
                    users.put(String.valueOf(Repository.at(generator, "name")),
                            String.valueOf(literal).substring("username=".length()));
                }
            }
        }
        assertThat(users).containsKeys(datasourceSecrets.values().toArray(String[]::new))
                .containsKey(auditMigrationSecret);
        assertThat(users.values()).doesNotHaveDuplicates();
    }

    @Test
    void shouldGiveEachServiceItsOwnDatabaseUserInCompose() {
        // given docker-compose.yml
        Map<String, Object> compose = Repository.yamlDocuments(Repository.path("docker-compose.yml")).getFirst();
        Map<String, String> users = new HashMap<>();
        for (String module : WITH_DATABASE) {
            users.put(module, String.valueOf(Repository.at(compose, "services", module, "environment",
                    "SPRING_DATASOURCE_USERNAME")));
        }
        String auditMigrations = String.valueOf(Repository.at(compose, "services", "audit-service", "environment",
                "SPRING_FLYWAY_USER"));
        String administrator = String.valueOf(Repository.at(compose, "services", "postgres", "environment",
                "POSTGRES_USER"));

        // then every service has its own user, none is the server's administrator, and audit-service migrates as
        // another
        assertThat(users.values()).doesNotHaveDuplicates().doesNotContain(administrator, auditMigrations);
        assertThat(auditMigrations).isNotEqualTo(administrator);
        // and the one-shot job creates each of them
        String init = String.valueOf(Repository.at(compose, "services", "postgres-init", "command"));
        users.values().forEach(user -> assertThat(init).contains(user));
        assertThat(init).contains(auditMigrations, "audit:" + auditMigrations);
    }

    /** @return each variable of the module's Deployment that comes from a Secret, and that Secret's name */
    private static Map<String, String> secretsByVariable(String module) {
        Map<String, Object> deployment = Repository.yamlDocuments(Repository.path("deploy/k8s/base/" + module
                + ".yaml")).stream().filter(document -> "Deployment".equals(document.get("kind"))).findFirst()
                .orElseThrow();
        Map<String, String> secrets = new HashMap<>();
        for (Object container : (List<?>) Repository.at(deployment, "spec", "template", "spec", "containers")) {
            Object env = Repository.at(container, "env");
            for (Object variable : env instanceof List<?> list ? list : List.of()) {
                Object secret = Repository.at(variable, "valueFrom", "secretKeyRef", "name");
                if (secret != null) {
                    secrets.put(String.valueOf(Repository.at(variable, "name")), String.valueOf(secret));
                }
            }
        }
        return secrets;
    }
}
