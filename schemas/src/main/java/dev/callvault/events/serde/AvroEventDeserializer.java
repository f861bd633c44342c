package dev.callvault.events.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for the event topics: reads the Avro single-object encoding written by
 * {@link AvroEventSerializer} and returns the generated class of the current schema.
 *
 * <p>The 8-byte fingerprint in the header (Avro specification, "Single object encoding") selects the writer schema
 * among the current and every published version of every event type ({@link EventSchemas}), and the record is
 * resolved into the current schema of the same record name. The type therefore does not depend on the topic: retry
 * and dead-letter topics decode like their source. Thread-safe.
 *
 * <p>Throws {@link SerializationException} for bytes that are not a single-object encoding of a known schema; wrap it
 * in spring-kafka's {@code ErrorHandlingDeserializer} so such records go to the dead-letter topic.
 */
public class AvroEventDeserializer implements Deserializer<SpecificRecord> {

    /**
     * Longest string or bytes value a record may declare, in bytes (8 MiB; Avro system property
     * {@code org.apache.avro.limits.string.maxLength} and {@code .bytes.maxLength}, Avro 1.11.3+
     * {@code SystemLimitException}). A Kafka record is at most 1 MiB by default, so no real event comes near it; a
     * forged record that declares a 2 GB string fails with {@link SerializationException} instead of allocating it.
     */
    public static final long MAX_STRING_BYTES = 8L * 1024 * 1024;

    /** Most items an array or map may declare ({@code org.apache.avro.limits.collectionItems.maxLength}). */
    public static final long MAX_COLLECTION_ITEMS = 100_000;

    private static final int HEADER_LENGTH = 10;

    static {
        // SystemLimitException reads these once, when it is first used: set them before any decoding, unless the
        // operator chose other limits with -D
        setIfAbsent("org.apache.avro.limits.string.maxLength", MAX_STRING_BYTES);
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", MAX_STRING_BYTES);
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
    }

    private static void setIfAbsent(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }

    private final Map<Long, BinaryMessageDecoder<? extends SpecificRecord>> decodersByFingerprint = new HashMap<>();

    /** Creates a deserializer that knows every event type of {@link EventSchemas#EVENT_TYPES}. */
    public AvroEventDeserializer() {
        for (Class<? extends SpecificRecord> type : EventSchemas.EVENT_TYPES) {
            register(type);
        }
    }

    private <T extends SpecificRecord> void register(Class<T> type) {
        Schema current = EventSchemas.current(type);
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(current);
        EventSchemas.published(type).forEach(store::addSchema);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(type), current, store);
        decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(current), decoder);
        for (Schema version : EventSchemas.published(type)) {
            decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(version), decoder);
        }
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_LENGTH || data[0] != (byte) 0xC3 || data[1] != (byte) 0x01) {
            throw new SerializationException("not an Avro single-object encoding (topic " + topic + ", "
                    + data.length + " bytes)");
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        BinaryMessageDecoder<? extends SpecificRecord> decoder = decodersByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new SerializationException("unknown schema fingerprint " + Long.toHexString(fingerprint)
                    + " (topic " + topic + ")");
        }
        try {
            return decoder.decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode record of topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a single-object encoding outside Kafka (tests, tools).
     *
     * @param data the encoded bytes
     * @return the event as its current generated class
     * @throws SerializationException if the bytes are not a known event
     */
    public SpecificRecord decode(byte[] data) {
        return deserialize(null, data);
    }
}
