package dev.callvault.storage.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.storage.IntegrationTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Records that are not events go to {@code <topic>-dlt} as they were, and the consumer carries on. */
class DeadLetterTests extends IntegrationTestSupport {

    @Test
    void shouldDeadLetterRecordThatIsNotAvroAndKeepConsuming() {
        // given a record on call-ended that is not an Avro single-object encoding
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(Provider.TWILIO, sid);
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent = publishRaw(Topics.CALL_ENDED, recordingId.toString(), garbage);

        // when a valid event for the same key follows it on the same partition
        CallEnded valid = callEnded(uniqueTenant(), Provider.TWILIO, sid, Instant.parse("2026-01-05T09:30:00Z"))
                .build();
        RecordMetadata followUp = publish(Topics.CALL_ENDED, valid);
        assertThat(followUp.partition()).isEqualTo(sent.partition());

        // then the garbage is on call-ended-dlt, same partition, same bytes, with the failure's headers
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.CALL_ENDED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.getFirst();
        assertThat(deadLetter.partition()).isEqualTo(sent.partition());
        assertThat(deadLetter.value()).isEqualTo(garbage);
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.CALL_ENDED);
        assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).contains("DeserializationException");

        // and the consumer went on to the valid event
        awaitStatus(recordingId, "PENDING");
        assertThat(processedCount(valid.getEventId())).isEqualTo(1);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
