package dev.callvault.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.Topics;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * Issue 14, item 17: the attack of a caller holding audit-service's own database credential (a leaked secret, a
 * compromised pod). When that role owned the tables it could {@code ALTER TABLE ... DISABLE TRIGGER} the append-only
 * triggers and then delete rows. The service now runs as a role with {@code SELECT} and {@code INSERT} only; the
 * migrations run as the owner ({@code spring.flyway.user}).
 */
class ServiceRoleTests extends IntegrationTestSupport {

    private RecordingAccessed access;

    @BeforeEach
    void givenOneAuditedAccess() {
        access = accessed(uniqueTenant(), uniqueRecordingId(), "alice", Instant.parse("2026-07-02T09:00:00Z"))
                .build();
        publish(Topics.RECORDING_ACCESSED, access);
        awaitAudited(access.getEventId());
    }

    @Test
    void shouldRefuseToLetTheServicesRoleDisableTheAppendOnlyTriggerAndDeleteRows() {
        try {
            // when the service's own role disables the trigger and deletes the row
            assertThatThrownBy(() -> jdbc.execute(
                    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE event_id = ?", access.getEventId()))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("permission denied");
        } finally {
            // were the attack to succeed, the shared test database would keep a disabled trigger
            ownerJdbc().execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
        }

        // then the row is still there
        assertThat(auditRows(access.getEventId())).isEqualTo(1);
    }

    @Test
    void shouldRefuseToLetTheServicesRoleDropTheTriggerOrTruncateAnyTable() {
        assertThatThrownBy(() -> jdbc.execute("DROP TRIGGER custody_event_append_only ON custody_event"))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("must be owner");
        for (String table : new String[] {"audit_event", "custody_event", "retention_run"}) {
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE " + table))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.update("UPDATE " + table + " SET recorded_at = now()"))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("permission denied");
        }

        assertThat(auditRows(access.getEventId())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT current_user", String.class))
                .isNotEqualTo(ownerJdbc().queryForObject("SELECT current_user", String.class));
    }
}
