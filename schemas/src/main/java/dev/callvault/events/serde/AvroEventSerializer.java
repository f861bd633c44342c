package dev.callvault.events.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for the generated event classes in the Avro single-object encoding (Avro specification, "Single
 * object encoding": the marker {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema,
 * then the Avro binary body).
 *
 * <p>Thread-safe; one encoder per event class is kept. A {@code null} value (a tombstone) serializes to {@code null}.
 */
public class AvroEventSerializer implements Serializer<SpecificRecord> {

    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(event.getClass(),
                type -> new BinaryMessageEncoder<>(SpecificData.getForClass(type), event.getSchema()));
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + event.getSchema().getFullName(), e);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot encode " + event.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Encodes an event outside Kafka (tests, tools).
     *
     * @param event the event
     * @return its single-object encoding
     * @throws UncheckedIOException never in practice: encoding writes to memory
     */
    public byte[] encode(SpecificRecord event) {
        return serialize(null, event);
    }
}
