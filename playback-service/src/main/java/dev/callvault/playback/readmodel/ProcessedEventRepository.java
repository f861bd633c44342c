package dev.callvault.playback.readmodel;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ProcessedEventRepository extends JpaRepository<ProcessedEvent, UUID> {

    /**
     * Claims an event id for the current transaction. A concurrent claim of the same id waits on the primary key
     * until the first transaction ends, then finds the row.
     *
     * @return 1 if the event is new, 0 if it was processed before
     */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            INSERT INTO processed_event (event_id, topic, processed_at) VALUES (:eventId, :topic, :processedAt)
            ON CONFLICT (event_id) DO NOTHING""", nativeQuery = true)
    int insertIfAbsent(@Param("eventId") UUID eventId, @Param("topic") String topic,
            @Param("processedAt") Instant processedAt);
}
