package dev.callvault.playback.readmodel;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An event already applied to the read model, table {@code playback.processed_event}: written in the same transaction
 * as the change, so a redelivered event is recognised and skipped (debezium-examples {@code outbox},
 * {@code MessageLog}). Rows are inserted with {@link ProcessedEventRepository#insertIfAbsent}.
 */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent {

    @Id
    @Column(name = "event_id")
    private UUID eventId;

    @Column(nullable = false, updatable = false)
    private String topic;

    @Column(name = "processed_at", nullable = false, updatable = false)
    private Instant processedAt;

    /** For JPA. */
    protected ProcessedEvent() {
    }

    /** @return the event's {@code eventId} */
    public UUID getEventId() {
        return eventId;
    }

    /** @return the topic it was consumed from */
    public String getTopic() {
        return topic;
    }

    /** @return when it was applied */
    public Instant getProcessedAt() {
        return processedAt;
    }
}
