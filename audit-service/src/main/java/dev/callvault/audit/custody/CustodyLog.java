package dev.callvault.audit.custody;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table {@code audit.custody_event} (one row per lifecycle event id, inserted once and never changed: the database
 * refuses UPDATE, DELETE and TRUNCATE), and the custody timeline, which merges it with the access log
 * ({@code audit.audit_event}) of the same recording and tenant.
 *
 * <p>Idempotency is the row's primary key: {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} (PostgreSQL
 * documentation, "INSERT", "ON CONFLICT Clause") records a redelivered or duplicated event once, in one atomic
 * statement, so no separate {@code processed_event} table is needed.
 */
@Repository
public class CustodyLog {

    private static final String TIMELINE = """
            SELECT event_id, kind, occurred_at, details::text AS details,
                   NULL::text AS subject, NULL::text AS action, NULL::text AS requested_range,
                   NULL::integer AS http_status, NULL::text AS client_address, NULL::text AS user_agent,
                   NULL::timestamptz AS url_expires_at
              FROM custody_event
             WHERE tenant_id = :tenantId AND recording_id = :recordingId
            UNION ALL
            SELECT event_id, 'RECORDING_ACCESSED', occurred_at, NULL::text,
                   subject, action, requested_range, http_status, client_address, user_agent, url_expires_at
              FROM audit_event
             WHERE tenant_id = :tenantId AND recording_id = :recordingId
            ORDER BY occurred_at, event_id
            LIMIT :limit OFFSET :offset""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    CustodyLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends a lifecycle fact unless its event id is recorded already.
     *
     * @param entry the fact
     * @return {@code true} if a row was inserted, {@code false} for a duplicate
     * @throws org.springframework.dao.DataAccessException if the database fails (the caller's error handler retries)
     */
    public boolean append(CustodyEntry entry) {
        int inserted = jdbc.sql("""
                        INSERT INTO custody_event (event_id, tenant_id, recording_id, kind, occurred_at, details,
                                                   recorded_at)
                        VALUES (:eventId, :tenantId, :recordingId, :kind, :occurredAt, CAST(:details AS jsonb),
                                :recordedAt)
                        ON CONFLICT (event_id) DO NOTHING""")
                .param("eventId", entry.eventId())
                .param("tenantId", entry.tenantId())
                .param("recordingId", entry.recordingId())
                .param("kind", entry.kind().name())
                .param("occurredAt", utc(entry.occurredAt()))
                .param("details", json.writeValueAsString(entry.details()), Types.VARCHAR)
                .param("recordedAt", utc(clock.instant()))
                .update();
        return inserted == 1;
    }

    /**
     * One page of a recording's custody timeline within a tenant: its lifecycle facts and every access, oldest first
     * ({@code occurredAt}, then event id).
     *
     * @param tenantId    the caller's tenant
     * @param recordingId the recording
     * @param page        page number, from 0
     * @param size        entries per page, at least 1
     * @return the page; {@code totalItems} is 0 when the tenant has no event for the recording
     */
    public CustodyTimeline timeline(String tenantId, UUID recordingId, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenantId", tenantId);
        params.put("recordingId", recordingId);
        long total = jdbc.sql("""
                        SELECT (SELECT count(*) FROM custody_event
                                 WHERE tenant_id = :tenantId AND recording_id = :recordingId)
                             + (SELECT count(*) FROM audit_event
                                 WHERE tenant_id = :tenantId AND recording_id = :recordingId)""")
                .params(params)
                .query(Long.class)
                .single();
        long offset = (long) page * size;
        List<TimelineEntry> items = List.of();
        if (offset < total) {
            params.put("limit", size);
            params.put("offset", offset);
            items = jdbc.sql(TIMELINE).params(params).query((rs, row) -> toEntry(rs)).list();
        }
        return new CustodyTimeline(recordingId, items, page, size, total, (total + size - 1) / size);
    }

    private TimelineEntry toEntry(ResultSet rs) throws SQLException {
        CustodyKind kind = CustodyKind.valueOf(rs.getString("kind"));
        JsonNode details;
        if (kind == CustodyKind.RECORDING_ACCESSED) {
            Map<String, Object> access = new LinkedHashMap<>();
            access.put("subject", rs.getString("subject"));
            access.put("action", rs.getString("action"));
            access.put("requestedRange", rs.getString("requested_range"));
            access.put("httpStatus", rs.getInt("http_status"));
            access.put("clientAddress", rs.getString("client_address"));
            access.put("userAgent", rs.getString("user_agent"));
            Instant urlExpiresAt = instant(rs, "url_expires_at");
            access.put("urlExpiresAt", urlExpiresAt == null ? null : urlExpiresAt.toString());
            details = json.valueToTree(access);
        } else {
            details = json.readTree(rs.getString("details"));
        }
        return new TimelineEntry(rs.getObject("event_id", UUID.class), kind, instant(rs, "occurred_at"), details);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** PostgreSQL's JDBC driver binds {@code OffsetDateTime} (not {@code Instant}) to {@code timestamptz}. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
