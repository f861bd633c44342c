package dev.callvault.audit.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.audit.AuditServiceApplication;
import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.local.infra.PostgresServer;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@link ServiceRoleCheck}: audit-service starts only as a role that may read and append; the running context (whose
 * role is {@link PostgresServer#AUDIT_SERVICE_USER}) passed it, the tables' owner does not.
 */
class ServiceRoleCheckTests extends IntegrationTestSupport {

    @Value("${spring.datasource.url}")
    private String jdbcUrl;

    @Test
    void shouldAcceptTheServicesRoleThatMayOnlySelectAndInsert() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class))
                .isEqualTo(PostgresServer.AUDIT_SERVICE_USER);

        assertThatCode(() -> ServiceRoleCheck.check(jdbc)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseToStartTheServiceAsTheOwnerOfTheAppendOnlyTables() {
        // given audit-service configured with the owner's credential for its own connections
        // (command-line arguments: they take precedence over application.yml)
        SpringApplicationBuilder service = new SpringApplicationBuilder(AuditServiceApplication.class)
                .profiles("local");
        String[] arguments = {"--server.port=0", "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.datasource.password=" + PostgresServer.PASSWORD,
                "--spring.flyway.user=" + PostgresServer.USER,
                "--spring.flyway.password=" + PostgresServer.PASSWORD,
                "--spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafka().bootstrapServers(),
                "--callvault.security.jwt.hmac-secret=" + DevJwts.LOCAL_SECRET};

        // when it starts, then it refuses before any consumer runs
        assertThatThrownBy(() -> service.run(arguments))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses to run as database role '" + PostgresServer.USER + "'");
    }

    @Test
    void shouldRefuseToRunAsTheOwnerOfTheAppendOnlyTables() {
        assertThatThrownBy(() -> ServiceRoleCheck.check(ownerJdbc()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database role '" + PostgresServer.USER + "'")
                .hasMessageContaining("owns audit_event")
                .hasMessageContaining("owns custody_event")
                .hasMessageContaining("owns retention_run");
    }

    @Test
    void shouldRefuseARoleThatMayDeleteAuditRows() {
        // given the service's role, granted DELETE on the access log by mistake
        ownerJdbc().execute("GRANT DELETE ON audit_event TO " + PostgresServer.AUDIT_SERVICE_USER);
        try {
            assertThatThrownBy(() -> ServiceRoleCheck.check(jdbc))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("may DELETE audit_event")
                    .hasMessageNotContaining("custody_event");
        } finally {
            ownerJdbc().execute("REVOKE DELETE ON audit_event FROM " + PostgresServer.AUDIT_SERVICE_USER);
        }
    }
}
