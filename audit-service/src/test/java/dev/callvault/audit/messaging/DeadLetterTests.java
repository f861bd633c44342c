package dev.callvault.audit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Provider;
import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import dev.callvault.platform.kafka.NonRetryableEventException;
import dev.callvault.local.testing.SharedInfrastructure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Records that are not events of their topic go to {@code <topic>-dlt}, and the consumer carries on; in a batch of
 * the access listener, exactly the invalid record is dead-lettered and every valid one around it is recorded.
 */
class DeadLetterTests extends IntegrationTestSupport {

    @Test
    void shouldDeadLetterUndecodableRecordAndKeepConsuming() {
        // given a record on recording-accessed that is not an Avro single-object encoding
        UUID recordingId = uniqueRecordingId();
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent = publishRaw(Topics.RECORDING_ACCESSED, recordingId.toString(), garbage);

        // when a valid access of the same recording follows it on the same partition
        RecordingAccessed valid = accessed(uniqueTenant(), recordingId, "alice",
                Instant.parse("2026-02-01T10:00:00Z")).build();
        RecordMetadata followUp = publish(Topics.RECORDING_ACCESSED, valid);
        assertThat(followUp.partition()).isEqualTo(sent.partition());

        // then the garbage is on recording-accessed-dlt, same partition, same bytes, with the failure's headers
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_ACCESSED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.getFirst();
        assertThat(deadLetter.partition()).isEqualTo(sent.partition());
        assertThat(deadLetter.value()).isEqualTo(garbage);
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.RECORDING_ACCESSED);
        assertThat(header(deadLetter, "kafka_dlt-original-consumer-group")).isEqualTo("audit-service");
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).contains("DeserializationException");

        // and the consumer went on to the valid event
        awaitAudited(valid.getEventId());
        assertThat(count("SELECT count(*) FROM audit_event WHERE recording_id = ?", recordingId)).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterEventOfAnotherTypeOnAccessTopic() {
        // given a CallEnded published on the access topic by mistake
        String sid = uniqueRecordingSid();
        String tenant = uniqueTenant();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        CallEnded misrouted = callEnded(tenant, sid, Instant.parse("2026-02-02T10:00:00Z")).build();
        publish(Topics.RECORDING_ACCESSED, misrouted);

        // then it goes to the dead-letter topic at once, with the reason, and is recorded nowhere
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_ACCESSED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        assertThat(header(deadLetters.getFirst(), "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(NonRetryableEventException.class.getName());
        assertThat(header(deadLetters.getFirst(), "kafka_dlt-exception-message"))
                .contains("CallEnded does not belong on " + Topics.RECORDING_ACCESSED);
        assertThat(auditRows(misrouted.getEventId())).isZero();
        assertThat(custodyRows(misrouted.getEventId())).isZero();
    }

    @Test
    void shouldDeadLetterOnlyEventWithoutTenantOfBatchAndRecordTheRest() {
        // given a burst on one partition: two accesses, one naming no tenant, two more accesses
        String tenant = uniqueTenant();
        UUID recordingId = uniqueRecordingId();
        List<RecordingAccessed> valid = accesses(tenant, recordingId, 4);
        RecordingAccessed noTenant = accessed(" ", recordingId, "eve", Instant.parse("2026-02-03T10:00:00Z"))
                .build();

        // when they are published at once, so that the consumer gets them in one poll
        List<RecordMetadata> sent = publishAtOnce(Topics.RECORDING_ACCESSED, List.of(keyed(valid.get(0)),
                keyed(valid.get(1)), keyed(noTenant), keyed(valid.get(2)), keyed(valid.get(3))));

        // then every valid access is recorded, in one transaction (the invalid record did not split the batch), and
        // the one without tenant is not
        valid.forEach(event -> awaitAudited(event.getEventId()));
        assertThat(count("SELECT count(*) FROM audit_event WHERE recording_id = ?", recordingId)).isEqualTo(4);
        assertThat(auditTransactions(tenant)).isEqualTo(1);
        assertThat(auditRows(noTenant.getEventId())).isZero();

        // and exactly that record is on the dead-letter topic, as published, with the reason
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_ACCESSED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.getFirst();
        assertThat(deadLetter.partition()).isEqualTo(sent.get(2).partition());
        assertThat(originalOffset(deadLetter)).isEqualTo(sent.get(2).offset());
        assertThat(deadLetter.value()).isEqualTo(new AvroEventSerializer().serialize(Topics.RECORDING_ACCESSED,
                noTenant));
        assertThat(header(deadLetter, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(NonRetryableEventException.class.getName());
        assertThat(header(deadLetter, "kafka_dlt-exception-message"))
                .contains("RecordingAccessed " + noTenant.getEventId() + " names no tenant");
        assertThat(header(deadLetter, "kafka_dlt-original-consumer-group")).isEqualTo("audit-service");
    }

    @Test
    void shouldDeadLetterOnlyUndecodableRecordOfBatchAndRecordTheRest() {
        // given a burst on one partition: an access, a record that is not Avro, two more accesses
        String tenant = uniqueTenant();
        UUID recordingId = uniqueRecordingId();
        List<RecordingAccessed> valid = accesses(tenant, recordingId, 3);
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        // when they are published at once
        List<RecordMetadata> sent = publishAtOnce(Topics.RECORDING_ACCESSED, List.of(keyed(valid.get(0)),
                Map.entry(recordingId.toString(), garbage), keyed(valid.get(1)), keyed(valid.get(2))));

        // then every access is recorded, in one transaction
        valid.forEach(event -> awaitAudited(event.getEventId()));
        assertThat(count("SELECT count(*) FROM audit_event WHERE recording_id = ?", recordingId)).isEqualTo(3);
        assertThat(auditTransactions(tenant)).isEqualTo(1);

        // and exactly the garbage is on the dead-letter topic, with its bytes and the deserialization failure
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_ACCESSED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.getFirst();
        assertThat(originalOffset(deadLetter)).isEqualTo(sent.get(1).offset());
        assertThat(deadLetter.value()).isEqualTo(garbage);
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
        assertThat(header(deadLetter, "kafka_dlt-original-consumer-group")).isEqualTo("audit-service");
    }

    @Test
    void shouldDeadLetterOnlyEventDatabaseRefusesAndRecordTheRestOfItsBatch() {
        // given a burst on one partition: an access, one whose user agent holds a NUL character (PostgreSQL text
        // cannot store it), and another access
        UUID recordingId = uniqueRecordingId();
        String tenant = uniqueTenant();
        List<RecordingAccessed> valid = accesses(tenant, recordingId, 2);
        RecordingAccessed unstorable = accessed(tenant, recordingId, "trudy", Instant.parse("2026-02-04T10:00:00Z"))
                .setUserAgent("curl/8.0\0")
                .build();

        // when they are published at once
        List<RecordMetadata> sent = publishAtOnce(Topics.RECORDING_ACCESSED, List.of(keyed(valid.get(0)),
                keyed(unstorable), keyed(valid.get(1))));

        // then both other accesses are recorded, the refused one is not
        valid.forEach(event -> awaitAudited(event.getEventId()));
        assertThat(auditRows(unstorable.getEventId())).isZero();

        // and exactly the refused event is on the dead-letter topic, at once (a constraint is not retried)
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_ACCESSED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        assertThat(originalOffset(deadLetters.getFirst())).isEqualTo(sent.get(1).offset());
        assertThat(header(deadLetters.getFirst(), "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(DataIntegrityViolationException.class.getName());
    }

    private static List<RecordingAccessed> accesses(String tenant, UUID recordingId, int count) {
        List<RecordingAccessed> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(accessed(tenant, recordingId, "alice", Instant.parse("2026-02-03T10:00:00Z").plusSeconds(i))
                    .build());
        }
        return events;
    }

    private static long originalOffset(ConsumerRecord<?, ?> record) {
        return ByteBuffer.wrap(record.headers().lastHeader("kafka_dlt-original-offset").value()).getLong();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
