package dev.callvault.audit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.audit.IntegrationTestSupport;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Provider;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Records that are not events of their topic go to {@code <topic>-dlt}, and the consumer carries on. */
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
        UUID recordingId = RecordingIds.of(Provider.TWILIO, sid);
        CallEnded misrouted = callEnded(uniqueTenant(), sid, Instant.parse("2026-02-02T10:00:00Z")).build();
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

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
