package dev.callvault.platform.kafka;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The processed-event table of a consumer: the ids of events already applied, written in the same transaction as
 * what they changed, so a redelivered event is recognised and skipped (the idempotent consumer of debezium-examples
 * {@code outbox}, {@code MessageLog}). The table is the service's own, in its schema:
 * {@code processed_event (event_id uuid PRIMARY KEY, topic varchar NOT NULL, processed_at timestamptz NOT NULL)}.
 *
 * <p>A batch is claimed with one statement (PostgreSQL {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO
 * NOTHING RETURNING}); a concurrent claim of the same id by another transaction waits on the primary key until that
 * transaction ends, then finds the row.
 */
public class ProcessedEvents {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    private final JdbcTemplate jdbc;
    private final String claimSql;
    private final String claimOneSql;
    private final Clock clock;

    /**
     * @param jdbc  a template on the service's data source (it joins the caller's transaction)
     * @param table the table, e.g. {@code processed_event}, optionally schema-qualified
     * @param clock the clock of {@code processed_at}
     * @throws IllegalArgumentException if the table name is not a plain lowercase SQL identifier
     */
    public ProcessedEvents(JdbcTemplate jdbc, String table, Clock clock) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.claimSql = "INSERT INTO " + table + " (event_id, topic, processed_at)"
                + " SELECT id, topic, ? FROM unnest(?::uuid[], ?::varchar[]) AS claimed(id, topic)"
                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
        this.claimOneSql = "INSERT INTO " + table + " (event_id, topic, processed_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING";
    }

    /**
     * Claims one event id for the current transaction, for an event this service publishes and must not apply again
     * when it consumes it.
     *
     * @param eventId the event's id
     * @param topic   the topic it is published on
     * @return {@code true} if the id was not claimed before
     * @throws org.springframework.dao.DataAccessException if the database fails
     */
    public boolean claim(UUID eventId, String topic) {
        return jdbc.update(claimOneSql, eventId, topic, clock.instant().atOffset(ZoneOffset.UTC)) == 1;
    }

    /**
     * Claims event ids for the current transaction.
     *
     * @param events the events (an id that occurs twice is claimed once)
     * @return the ids that were not claimed before, that is the events to apply now
     * @throws org.springframework.dao.DataAccessException if the database fails
     */
    public Set<UUID> claim(Collection<ConsumedEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        Set<UUID> seen = new HashSet<>();
        List<ConsumedEvent> distinct = events.stream().filter(event -> seen.add(event.eventId())).toList();
        UUID[] ids = distinct.stream().map(ConsumedEvent::eventId).toArray(UUID[]::new);
        String[] topics = distinct.stream().map(ConsumedEvent::topic).toArray(String[]::new);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<UUID> claimed = jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(claimSql);
            Array idArray = connection.createArrayOf("uuid", ids);
            Array topicArray = connection.createArrayOf("varchar", topics);
            statement.setObject(1, now);
            statement.setArray(2, idArray);
            statement.setArray(3, topicArray);
            return statement;
        }, (row, number) -> row.getObject(1, UUID.class));
        return new HashSet<>(claimed);
    }
}
