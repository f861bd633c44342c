package dev.callvault.local.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callvault.events.serde.AvroEventDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Renders a dead-letter record as JSON for {@code dead-letters inspect}: partition, offset, timestamp (ISO-8601, UTC),
 * key, the spring-kafka dead-letter headers and the value.
 *
 * <p>The value is decoded with {@link AvroEventDeserializer} (Avro single-object encoding) and written field by field
 * in the schema's order: strings, numbers and booleans as such, enums by symbol, {@code timestamp-millis} as ISO-8601
 * instants, {@code uuid} as strings, bytes as base64, nested records, arrays and maps as JSON objects and arrays. A
 * value that does not decode is given as {@code valueBase64} with the decoder's message in {@code valueError}.
 * Headers written by spring-kafka's {@code DeadLetterPublishingRecoverer} (its {@code KafkaHeaders.DLT_*} names)
 * are decoded: {@code kafka_dlt-original-partition} as a 4-byte and {@code -offset} and {@code -timestamp} as 8-byte
 * big-endian integers, the others as UTF-8; exception stack traces are left out (their length only). Other headers
 * appear as UTF-8 text.
 */
final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AvroEventDeserializer deserializer = new AvroEventDeserializer();

    /**
     * @param record a record read as raw bytes
     * @return its JSON description
     */
    ObjectNode describe(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode node = NODES.objectNode();
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        node.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        ObjectNode headers = node.putObject("headers");
        for (Header header : record.headers()) {
            headers.set(header.key(), header(header));
        }
        if (record.value() == null) {
            node.putNull("value");
            return node;
        }
        try {
            SpecificRecord event = deserializer.decode(record.value());
            node.put("valueType", event.getSchema().getFullName());
            node.set("value", value(event));
        } catch (SerializationException e) {
            node.put("valueError", e.getMessage());
            node.put("valueBase64", Base64.getEncoder().encodeToString(record.value()));
        }
        return node;
    }

    /**
     * @param node a JSON tree
     * @return it as indented text
     */
    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode header(Header header) {
        byte[] bytes = header.value();
        if (bytes == null) {
            return NODES.nullNode();
        }
        return switch (header.key()) {
            case KafkaHeaders.DLT_ORIGINAL_PARTITION -> bytes.length == Integer.BYTES
                    ? NODES.numberNode(ByteBuffer.wrap(bytes).getInt()) : base64(bytes);
            case KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP -> bytes.length == Long.BYTES
                    ? NODES.numberNode(ByteBuffer.wrap(bytes).getLong()) : base64(bytes);
            case KafkaHeaders.DLT_EXCEPTION_STACKTRACE, KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE ->
                    NODES.textNode("(" + bytes.length + " bytes of stack trace)");
            default -> NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
        };
    }

    private static JsonNode base64(byte[] bytes) {
        return NODES.textNode("base64:" + Base64.getEncoder().encodeToString(bytes));
    }

    private static JsonNode value(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case IndexedRecord record -> {
                ObjectNode node = NODES.objectNode();
                for (Schema.Field field : record.getSchema().getFields()) {
                    node.set(field.name(), value(record.get(field.pos())));
                }
                yield node;
            }
            case Map<?, ?> map -> {
                ObjectNode node = NODES.objectNode();
                map.forEach((key, entry) -> node.set(String.valueOf(key), value(entry)));
                yield node;
            }
            case Collection<?> items -> {
                ArrayNode node = NODES.arrayNode();
                items.forEach(item -> node.add(value(item)));
                yield node;
            }
            case ByteBuffer bytes -> {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                yield NODES.textNode(Base64.getEncoder().encodeToString(copy));
            }
            case GenericFixed fixed -> NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
            case Boolean bool -> NODES.booleanNode(bool);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            // CharSequence, enum symbols, Instant (timestamp-millis), UUID: their text
            default -> NODES.textNode(value.toString());
        };
    }
}
