package dev.callvault.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroEventSerdeTests {

    private final AvroEventSerializer serializer = new AvroEventSerializer();
    private final AvroEventDeserializer deserializer = new AvroEventDeserializer();

    @Test
    void shouldRoundTripACallEndedInTheSingleObjectEncoding() {
        // given
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CallEnded event = CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setTenantId("acme")
                .setRecordingId(RecordingIds.of("acme", Provider.TWILIO, "RE123"))
                .setProvider(Provider.TWILIO)
                .setProviderRecordingId("RE123")
                .setCallEndedAt(now)
                .setDurationSeconds(42)
                .setChannels(2)
                .setDirection(CallDirection.INBOUND)
                .setMetadata(Map.of("agent", "ada"))
                .build();

        // when
        byte[] bytes = serializer.serialize(Topics.CALL_ENDED, event);
        SpecificRecord decoded = deserializer.deserialize(Topics.CALL_ENDED, bytes);

        // then the header is the marker C3 01 and the decoded event equals the original
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void shouldDecodeDataWrittenWithEveryPublishedVersion() throws IOException {
        for (Class<? extends SpecificRecord> type : EventSchemas.EVENT_TYPES) {
            for (Schema published : EventSchemas.published(type)) {
                // given a record written by a producer that only knows the published version
                GenericRecord record = minimalRecord(published);
                ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), published).encode(record);
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);

                // when
                SpecificRecord decoded = deserializer.deserialize("any-topic-dlt", bytes);

                // then it arrives as the current generated class with the same values
                assertThat(decoded).isInstanceOf(type);
                assertThat(decoded.get(decoded.getSchema().getField("tenantId").pos())).isEqualTo("acme");
            }
        }
    }

    @Test
    void shouldRejectBytesThatAreNotASingleObjectEncoding() {
        assertThatThrownBy(() -> deserializer.deserialize(Topics.CALL_ENDED, "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object encoding");
    }

    @Test
    void shouldRefuseATinyRecordThatDeclaresAHugeStringWithoutAllocatingIt() {
        // given a valid CallEnded whose first field (eventId, a string) declares 1.5 GB instead of its 36 bytes
        CallEnded event = CallEnded.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.parse("2026-11-01T10:00:00Z"))
                .setTenantId("acme")
                .setRecordingId(RecordingIds.of("acme", Provider.TWILIO, "RE123"))
                .setProvider(Provider.TWILIO)
                .setProviderRecordingId("RE123")
                .build();
        byte[] valid = new AvroEventSerializer().serialize(Topics.CALL_ENDED, event);
        assertThat(valid[10]).isEqualTo((byte) 72); // zig-zag varint of 36, right after the 10-byte header
        long declared = 1_500_000_000L;
        long zigZag = declared << 1;
        java.io.ByteArrayOutputStream forged = new java.io.ByteArrayOutputStream();
        forged.write(valid, 0, 10);
        while ((zigZag & ~0x7FL) != 0) {
            forged.write((int) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        forged.write((int) zigZag);
        forged.write(valid, 11, valid.length - 11);

        // when it is decoded, then it is refused by Avro's length limit before any buffer of that size is made
        assertThatThrownBy(() -> deserializer.deserialize(Topics.CALL_ENDED, forged.toByteArray()))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(org.apache.avro.SystemLimitException.class);
    }

    @Test
    void shouldRejectAnUnknownSchemaFingerprint() {
        byte[] bytes = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        assertThatThrownBy(() -> deserializer.deserialize(Topics.RECORDING_STORED, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void shouldSerializeATombstoneAsNull() {
        assertThat(serializer.serialize(Topics.RECORDING_STORED, (RecordingStored) null)).isNull();
        assertThat(deserializer.deserialize(Topics.RECORDING_STORED, null)).isNull();
    }

    private static GenericRecord minimalRecord(Schema schema) {
        GenericRecordBuilder builder = new GenericRecordBuilder(schema);
        for (Schema.Field field : schema.getFields()) {
            if (field.hasDefaultValue()) {
                continue;
            }
            builder.set(field, sample(field));
        }
        return builder.build();
    }

    private static Object sample(Schema.Field field) {
        Schema schema = field.schema();
        return switch (schema.getType()) {
            case STRING -> switch (field.name()) {
                case "tenantId" -> "acme";
                case "eventId", "recordingId" -> UUID.randomUUID().toString();
                default -> "x";
            };
            case LONG -> System.currentTimeMillis();
            case INT -> 1;
            case BOOLEAN -> true;
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().getFirst());
            default -> throw new IllegalStateException("no sample for " + field);
        };
    }
}
