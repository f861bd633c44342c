package dev.callvault.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.RetentionRunCompleted;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** storage-service's retention runs reach {@code audit.retention_run} once each, as published, append-only. */
class RetentionRunConsumptionTests extends IntegrationTestSupport {

    @Test
    void shouldRecordEachRetentionRunOnceAndRefuseChanges() {
        // given a tenant's retention run, published twice (a redelivery)
        String tenant = uniqueTenant();
        Instant started = Instant.parse("2026-04-01T03:00:00Z");
        RetentionRunCompleted run = RetentionRunCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(started.plusSeconds(12))
                .setTenantId(tenant)
                .setStartedAt(started)
                .setRetentionDays(30)
                .setCutoff(started.minusSeconds(30L * 86_400))
                .setDeleted(7)
                .setFailed(1)
                .build();
        SharedInfrastructure.events().publish(Topics.RETENTION_RUNS, tenant, run);
        SharedInfrastructure.events().publish(Topics.RETENTION_RUNS, tenant, run);

        // when audit-service has consumed it
        await().atMost(ASYNC_TIMEOUT).until(() -> count("SELECT count(*) FROM retention_run WHERE tenant_id = ?",
                tenant) == 1);

        // then one row holds the run as published
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM retention_run WHERE event_id = ?", run.getEventId());
        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        assertThat(row.get("retention_days")).isEqualTo(30);
        assertThat(row.get("deleted")).isEqualTo(7);
        assertThat(row.get("failed")).isEqualTo(1);
        assertThat(((Timestamp) row.get("started_at")).toInstant()).isEqualTo(started);
        assertThat(((Timestamp) row.get("cutoff")).toInstant()).isEqualTo(run.getCutoff());
        assertThat(count("SELECT count(*) FROM retention_run WHERE tenant_id = ?", tenant)).isEqualTo(1);

        // and the database refuses to change it, even for the tables' owner
        assertThatThrownBy(() -> ownerJdbc().update(
                "UPDATE retention_run SET deleted = 0 WHERE event_id = ?", run.getEventId()))
                .hasMessageContaining("append-only");
    }
}
