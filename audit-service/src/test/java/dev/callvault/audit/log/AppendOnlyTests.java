package dev.callvault.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The database itself refuses to change the audit log: UPDATE, DELETE and TRUNCATE raise on both tables (SQLSTATE
 * 23001, which Spring translates to {@link DataIntegrityViolationException}) even for the tables' owner, the role the
 * migrations run as, and the rows stay as they were. (The service's own role may not even try: {@link
 * ServiceRoleTests}.)
 */
class AppendOnlyTests extends IntegrationTestSupport {

    private RecordingAccessed access;
    private RecordingDeleted deletion;

    @BeforeEach
    void givenOneAccessAndOneLifecycleRow() {
        String tenant = uniqueTenant();
        String sid = uniqueRecordingSid();
        access = accessed(tenant, uniqueRecordingId(), "mallory", Instant.parse("2026-07-01T09:00:00Z")).build();
        deletion = recordingDeleted(tenant, sid, Instant.parse("2026-07-01T09:00:00Z"), null).build();
        publish(Topics.RECORDING_ACCESSED, access);
        publish(Topics.RECORDING_DELETED, deletion);
        awaitAudited(access.getEventId());
        awaitCustody(deletion.getEventId());
    }

    @Test
    void shouldRefuseUpdateOfAuditEvent() {
        Map<String, Object> before = auditRow(access.getEventId());

        assertThatThrownBy(() -> ownerJdbc().update("UPDATE audit_event SET subject = 'someone-else' WHERE event_id = ?",
                access.getEventId()))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("append-only")
                .hasMessageContaining("UPDATE refused");

        assertThat(auditRow(access.getEventId())).isEqualTo(before);
    }

    @Test
    void shouldRefuseDeleteOfAuditEvent() {
        assertThatThrownBy(() -> ownerJdbc().update("DELETE FROM audit_event WHERE event_id = ?", access.getEventId()))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("append-only")
                .hasMessageContaining("DELETE refused");

        assertThat(auditRows(access.getEventId())).isEqualTo(1);
    }

    @Test
    void shouldRefuseUpdateAndDeleteOfCustodyEvent() {
        UUID eventId = deletion.getEventId();
        String detailsBefore = jdbc.queryForObject("SELECT details::text FROM custody_event WHERE event_id = ?",
                String.class, eventId);

        assertThatThrownBy(() -> ownerJdbc().update(
                "UPDATE custody_event SET details = '{}'::jsonb, kind = 'CALL_ENDED' WHERE event_id = ?", eventId))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> ownerJdbc().update("DELETE FROM custody_event WHERE event_id = ?", eventId))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("append-only");

        assertThat(jdbc.queryForObject("SELECT kind FROM custody_event WHERE event_id = ?", String.class, eventId))
                .isEqualTo("RECORDING_DELETED");
        assertThat(jdbc.queryForObject("SELECT details::text FROM custody_event WHERE event_id = ?", String.class,
                eventId)).isEqualTo(detailsBefore);
    }

    @Test
    void shouldRefuseTruncateOfBothTables() {
        assertThatThrownBy(() -> ownerJdbc().execute("TRUNCATE audit_event"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("TRUNCATE refused");
        assertThatThrownBy(() -> ownerJdbc().execute("TRUNCATE custody_event"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("TRUNCATE refused");

        assertThat(auditRows(access.getEventId())).isEqualTo(1);
        assertThat(custodyRows(deletion.getEventId())).isEqualTo(1);
    }

    private Map<String, Object> auditRow(UUID eventId) {
        return jdbc.queryForMap("SELECT * FROM audit_event WHERE event_id = ?", eventId);
    }
}
