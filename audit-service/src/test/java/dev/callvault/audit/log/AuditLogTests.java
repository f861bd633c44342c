package dev.callvault.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.RecordingAccessed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link AuditLog#appendAll}, called directly: several statements in one transaction, duplicates dropped. */
class AuditLogTests extends IntegrationTestSupport {

    @Autowired
    private AuditLog auditLog;

    @Test
    void shouldAppendMoreEventsThanOneStatementTakesInOneTransactionOncePerEventId() {
        // given 1,200 accesses (three statements' worth), one of them recorded already, and a second copy of the first
        String tenant = uniqueTenant();
        UUID recordingId = uniqueRecordingId();
        List<RecordingAccessed> events = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            events.add(accessed(tenant, recordingId, "frank", Instant.parse("2026-05-09T08:00:00Z").plusMillis(i))
                    .build());
        }
        auditLog.appendAll(List.of(events.get(5)));
        List<RecordingAccessed> batch = new ArrayList<>(events);
        batch.add(events.getFirst());

        // when they are appended as one batch
        Set<UUID> inserted = auditLog.appendAll(batch);

        // then every event id but the one recorded before was inserted, each once
        assertThat(inserted).hasSize(1_199).doesNotContain(events.get(5).getEventId());
        assertThat(jdbc.queryForList("SELECT event_id FROM audit_event WHERE tenant_id = ?", UUID.class, tenant))
                .containsExactlyInAnyOrderElementsOf(events.stream().map(RecordingAccessed::getEventId).toList());

        // and by one transaction (plus the one of the earlier event)
        assertThat(AuditLog.MAX_ROWS_PER_STATEMENT).isLessThan(1_200);
        assertThat(auditTransactions(tenant)).isEqualTo(2);
    }

    @Test
    void shouldAppendNothingForAnEmptyBatch() {
        // when an empty batch is appended, then nothing is inserted
        assertThat(auditLog.appendAll(List.of())).isEmpty();
    }
}
