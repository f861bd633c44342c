package dev.callvault.audit.log;

import dev.callvault.events.RecordingAccessed;
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

/**
 * Table {@code audit.audit_event}: one row per {@code RecordingAccessed} event id, inserted once and never changed
 * (the database refuses UPDATE, DELETE and TRUNCATE; see {@code V1__audit_log.sql}).
 *
 * <p>Idempotency needs no separate {@code processed_event} table here: the row is the whole side effect of an event
 * and its primary key is the event id, so {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} (PostgreSQL
 * documentation, "INSERT", section "ON CONFLICT Clause") records a redelivered or duplicated event exactly once, in
 * one atomic statement, and a concurrent insert of the same id waits for the first and then does nothing. The first
 * copy of an event id wins; a later record reusing the id changes nothing.
 */
@Repository
public class AuditLog {

    private static final String COLUMNS = "event_id, recording_id, subject, action, requested_range, http_status,"
            + " client_address, user_agent, url_expires_at, occurred_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Appends an access event unless its event id is recorded already.
     *
     * @param event a decoded {@code RecordingAccessed} with a tenant
     * @return {@code true} if a row was inserted, {@code false} for a duplicate
     * @throws org.springframework.dao.DataAccessException if the database fails (the caller's error handler retries)
     */
    public boolean append(RecordingAccessed event) {
        int inserted = jdbc.sql("""
                        INSERT INTO audit_event (event_id, tenant_id, recording_id, subject, action, requested_range,
                                                 http_status, client_address, user_agent, url_expires_at,
                                                 occurred_at, recorded_at)
                        VALUES (:eventId, :tenantId, :recordingId, :subject, :action, :requestedRange, :httpStatus,
                                :clientAddress, :userAgent, :urlExpiresAt, :occurredAt, :recordedAt)
                        ON CONFLICT (event_id) DO NOTHING""")
                .param("eventId", event.getEventId())
                .param("tenantId", event.getTenantId())
                .param("recordingId", event.getRecordingId())
                .param("subject", event.getSubject())
                .param("action", event.getAction().name())
                .param("requestedRange", event.getRequestedRange(), Types.VARCHAR)
                .param("httpStatus", event.getHttpStatus())
                .param("clientAddress", event.getClientAddress(), Types.VARCHAR)
                .param("userAgent", event.getUserAgent(), Types.VARCHAR)
                .param("urlExpiresAt", utc(event.getUrlExpiresAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("occurredAt", utc(event.getOccurredAt()))
                .param("recordedAt", utc(clock.instant()))
                .update();
        return inserted == 1;
    }

    /**
     * One page of a tenant's access events, newest first ({@code occurred_at} descending, then event id).
     *
     * @param query the tenant, filters and page
     * @return the page; {@code items} is empty past the last page
     */
    public AuditEventPage find(AuditEventQuery query) {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = :tenantId");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenantId", query.tenantId());
        if (query.recordingId() != null) {
            where.append(" AND recording_id = :recordingId");
            params.put("recordingId", query.recordingId());
        }
        if (query.subject() != null) {
            where.append(" AND subject = :subject");
            params.put("subject", query.subject());
        }
        if (query.from() != null) {
            where.append(" AND occurred_at >= :from");
            params.put("from", utc(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND occurred_at < :to");
            params.put("to", utc(query.to()));
        }
        long total = jdbc.sql("SELECT count(*) FROM audit_event" + where).params(params).query(Long.class).single();
        long offset = (long) query.page() * query.size();
        List<AuditEventResponse> items = List.of();
        if (offset < total) {
            params.put("limit", query.size());
            params.put("offset", offset);
            items = jdbc.sql("SELECT " + COLUMNS + " FROM audit_event" + where
                            + " ORDER BY occurred_at DESC, event_id DESC LIMIT :limit OFFSET :offset")
                    .params(params)
                    .query((rs, row) -> toResponse(rs))
                    .list();
        }
        return AuditEventPage.of(items, query.page(), query.size(), total);
    }

    private static AuditEventResponse toResponse(ResultSet rs) throws SQLException {
        return new AuditEventResponse(rs.getObject("event_id", UUID.class), rs.getObject("recording_id", UUID.class),
                rs.getString("subject"), rs.getString("action"), rs.getString("requested_range"),
                rs.getInt("http_status"), rs.getString("client_address"), rs.getString("user_agent"),
                instant(rs, "url_expires_at"), instant(rs, "occurred_at"));
    }

    /** Reads a {@code timestamptz} column as an instant, {@code null} when SQL NULL. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** PostgreSQL's JDBC driver binds {@code OffsetDateTime} (not {@code Instant}) to {@code timestamptz}. */
    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
