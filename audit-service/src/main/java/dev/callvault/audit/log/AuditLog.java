package dev.callvault.audit.log;

import dev.callvault.events.RecordingAccessed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Table {@code audit.audit_event}: one row per {@code RecordingAccessed} event id, inserted once and never changed
 * (the database refuses UPDATE, DELETE and TRUNCATE; see {@code V1__audit_log.sql}).
 *
 * <p>Idempotency needs no separate {@code processed_event} table here: the row is the whole side effect of an event
 * and its primary key is the event id, so {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} (PostgreSQL
 * documentation, "INSERT", section "ON CONFLICT Clause") records a redelivered or duplicated event exactly once, in
 * one atomic statement, and a concurrent insert of the same id waits for the first and then does nothing. The first
 * copy of an event id wins; a later record reusing the id changes nothing. Events are appended a batch at a time
 * ({@link #appendAll}): one multi-row statement per {@value #MAX_ROWS_PER_STATEMENT} events and one commit per batch,
 * which is what lets one consumer keep up with thousands of events per second.
 */
@Repository
public class AuditLog {

    /**
     * Most rows in one {@code INSERT} of {@link #appendAll}: 500 rows of 12 parameters stay far below the 32,767 bind
     * parameters of one statement of PostgreSQL's protocol (PostgreSQL documentation, "Message Formats", {@code Bind}:
     * the parameter count is an Int16), and a longer list gains little.
     */
    public static final int MAX_ROWS_PER_STATEMENT = 500;

    private static final String COLUMNS = "event_id, recording_id, subject, action, requested_range, http_status,"
            + " client_address, user_agent, url_expires_at, occurred_at";

    private static final int COLUMNS_PER_ROW = 12;
    private static final String INSERT = """
            INSERT INTO audit_event (event_id, tenant_id, recording_id, subject, action, requested_range, http_status,
                                     client_address, user_agent, url_expires_at, occurred_at, recorded_at)
            VALUES """;
    private static final String ROW = "(?,?,?,?,?,?,?,?,?,?,?,?)";
    private static final String RETURNING = " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Appends access events whose event ids are not recorded yet, in one transaction: one multi-row
     * {@code INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING event_id} per {@value #MAX_ROWS_PER_STATEMENT}
     * events (PostgreSQL documentation, "INSERT": a {@code VALUES} list of several rows, the "ON CONFLICT Clause",
     * and {@code RETURNING}, which returns only the rows actually inserted). Within the list the first copy of an
     * event id wins and later copies are dropped before the statement; an id recorded by an earlier transaction (a
     * redelivery after a crash before the offset commit, a replayed topic) inserts nothing. Rows are inserted in event
     * id order and all share one {@code recorded_at}.
     *
     * @param events decoded {@code RecordingAccessed} events with a tenant, in consumption order; may be empty
     * @return the event ids inserted by this call (a subset of the events' ids); an id absent from it was a duplicate
     * @throws org.springframework.dao.DataIntegrityViolationException if the database refuses a row (a constraint, a
     *         value it cannot store); nothing of the call is kept
     * @throws org.springframework.dao.DataAccessException if the database fails otherwise; nothing of the call is kept
     *         and the caller's error handler retries
     */
    @Transactional
    public Set<UUID> appendAll(List<RecordingAccessed> events) {
        Map<UUID, RecordingAccessed> unique = new LinkedHashMap<>();
        for (RecordingAccessed event : events) {
            unique.putIfAbsent(event.getEventId(), event);
        }
        // In event id order, so that two consumers inserting overlapping ids lock them in the same order and never
        // deadlock (an id can reach two partitions when a producer keyed its copies differently).
        List<RecordingAccessed> rows = unique.values().stream()
                .sorted(Comparator.comparing(RecordingAccessed::getEventId))
                .toList();
        OffsetDateTime recordedAt = utc(clock.instant());
        Set<UUID> inserted = HashSet.newHashSet(rows.size());
        for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_STATEMENT) {
            inserted.addAll(insert(rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_STATEMENT)),
                    recordedAt));
        }
        return inserted;
    }

    private List<UUID> insert(List<RecordingAccessed> rows, OffsetDateTime recordedAt) {
        StringBuilder sql = new StringBuilder(INSERT.length() + rows.size() * ROW.length() + RETURNING.length());
        sql.append(INSERT);
        List<Object> params = new ArrayList<>(rows.size() * COLUMNS_PER_ROW);
        for (RecordingAccessed event : rows) {
            sql.append(params.isEmpty() ? " " : ", ").append(ROW);
            params.add(event.getEventId());
            params.add(event.getTenantId());
            params.add(event.getRecordingId());
            params.add(event.getSubject());
            params.add(event.getAction().name());
            params.add(new SqlParameterValue(Types.VARCHAR, event.getRequestedRange()));
            params.add(event.getHttpStatus());
            params.add(new SqlParameterValue(Types.VARCHAR, event.getClientAddress()));
            params.add(new SqlParameterValue(Types.VARCHAR, event.getUserAgent()));
            params.add(new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE, utc(event.getUrlExpiresAt())));
            params.add(utc(event.getOccurredAt()));
            params.add(recordedAt);
        }
        sql.append(RETURNING);
        return jdbc.sql(sql.toString()).params(params).query((rs, row) -> rs.getObject(1, UUID.class)).list();
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
        if (query.action() != null) {
            where.append(" AND action = :action");
            params.put("action", query.action().name());
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
