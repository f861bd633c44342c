package dev.callvault.platform.kafka;

import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A decoded event of a batch, with the record it came in.
 *
 * @param record the record as consumed (topic, partition, offset, key)
 * @param event  its value, never {@code null}
 */
public record ConsumedEvent(ConsumerRecord<String, SpecificRecord> record, SpecificRecord event) {

    /** @return the topic the event came from */
    public String topic() {
        return record.topic();
    }

    /** @return the event type's simple name, e.g. {@code RecordingStored} */
    public String type() {
        return event.getSchema().getName();
    }

    /**
     * The event's {@code eventId} (every CallVault event has one, {@code docs/architecture.md}, "Events").
     *
     * @return the id, or {@code null} if the event type has no {@code eventId} field or it is empty
     * @throws IllegalArgumentException if the field holds something that is not a UUID
     */
    public UUID eventId() {
        Schema.Field field = event.getSchema().getField("eventId");
        if (field == null) {
            return null;
        }
        Object value = event.get(field.pos());
        return switch (value) {
            case null -> null;
            case UUID uuid -> uuid;
            case CharSequence text -> UUID.fromString(text.toString());
            default -> throw new IllegalArgumentException("eventId of " + type() + " is a " + value.getClass());
        };
    }
}
