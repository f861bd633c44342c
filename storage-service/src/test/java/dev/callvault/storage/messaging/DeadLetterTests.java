package dev.callvault.storage.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
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

/**
 * Records that are not events, or events that can never apply, go to {@code <topic>-dlt} as they were, and the consumer
 * carries on.
 */
class DeadLetterTests extends IntegrationTestSupport {

    @Test
    void shouldDeadLetterRecordThatIsNotAvroAndKeepConsuming() {
        // given a record on call-ended that is not an Avro single-object encoding
        String sid = uniqueRecordingSid();
        String tenant = uniqueTenant();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent = publishRaw(Topics.CALL_ENDED, recordingId.toString(), garbage);

        // when a valid event for the same key follows it on the same partition
        CallEnded valid = callEnded(tenant, Provider.TWILIO, sid, Instant.parse("2026-01-05T09:30:00Z"))
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

    @Test
    void shouldDeadLetterARecordingStoredThatPointsAtAnotherTenantsObjectOrBucket() {
        // given tenant A's call, and events that claim it is stored in tenant B's part of the bucket or in another
        // bucket (forged: the fetch worker only ever writes <tenant>/... in the recordings bucket)
        String tenant = uniqueTenant();
        String victim = uniqueTenant();
        Instant endedAt = Instant.parse("2026-01-06T09:30:00Z");
        String sid = uniqueRecordingSid();
        UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
        String sha256 = "a".repeat(64);
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, sid, endedAt).build());
        awaitStatus(recordingId, "PENDING");
        RecordingStored otherTenantsKey = recordingStored(tenant, Provider.TWILIO, sid, endedAt, 1_000, sha256)
                .setObjectKey(ObjectKeys.of(victim, endedAt, UUID.randomUUID(), "mp3")).build();
        RecordingStored otherBucket = recordingStored(tenant, Provider.TWILIO, sid, endedAt, 1_000, sha256)
                .setBucket("someone-elses-bucket").build();

        // when both are published
        publish(Topics.RECORDING_STORED, otherTenantsKey);
        publish(Topics.RECORDING_STORED, otherBucket);

        // then both are on recording-stored-dlt with the reason, and the recording is still PENDING, pointing nowhere
        List<ConsumerRecord<String, byte[]>> deadLetters = SharedInfrastructure.topics().readRaw(
                Topics.deadLetter(Topics.RECORDING_STORED), recordingId.toString(), Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(2);
        assertThat(header(deadLetters.get(0), "kafka_dlt-exception-message"))
                .contains("outside its tenant's prefix " + tenant + "/");
        assertThat(header(deadLetters.get(1), "kafka_dlt-exception-message"))
                .contains("names bucket someone-elses-bucket");
        assertThat(statusOf(recordingId)).isEqualTo("PENDING");
        assertThat(processedCount(otherTenantsKey.getEventId())).isZero();
        assertThat(processedCount(otherBucket.getEventId())).isZero();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
