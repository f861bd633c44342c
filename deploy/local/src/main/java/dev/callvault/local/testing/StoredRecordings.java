package dev.callvault.local.testing;

import dev.callvault.events.CallEnded;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.events.serde.AvroEventSerializer;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Seeds many Twilio recordings cheaply but genuinely stored, for replay tests and benchmarks: each object is put in the
 * bucket under the key ({@link ObjectKeys}) and with the {@code sha256} user metadata fetch-worker writes, then its
 * {@code CallEnded} is published; the running system (fetch-worker finding the object, storage-service cataloguing
 * it) then makes each one {@code AVAILABLE} without asking the provider.
 */
public final class StoredRecordings {

    /** Objects put at once: enough to hide S3 round trips, few enough for a 2-core machine. */
    private static final int PUTS_IN_FLIGHT = 16;

    private StoredRecordings() {
    }

    /**
     * One seeded recording.
     *
     * @param recordingSid the Twilio {@code RecordingSid} ({@code RE} + 32 hex digits)
     * @param recordingId  {@code RecordingIds.of(tenant, TWILIO, recordingSid)}
     * @param objectKey    its object key in the bucket
     * @param body         the object's bytes (a few dozen bytes: the benchmark is about counts, not sizes)
     * @param sha256       SHA-256 of {@code body}, lowercase hex
     */
    public record Seeded(String recordingSid, UUID recordingId, String objectKey, byte[] body, String sha256) {
    }

    /**
     * Describes recordings of a tenant whose call ended at the given instant; nothing is stored yet.
     *
     * @param tenant      the tenant id (a new one keeps the recordings apart from everything else)
     * @param sidPrefix   {@code RE} followed by 8 hex digits; the index fills the remaining 24
     * @param count       how many
     * @param callEndedAt when the calls ended (the date part of the object keys)
     * @return the recordings, index order
     * @throws IllegalArgumentException if the prefix is not {@code RE} + 8 hex digits
     */
    public static List<Seeded> twilio(String tenant, String sidPrefix, int count, Instant callEndedAt) {
        if (!sidPrefix.matches("RE[0-9a-fA-F]{8}")) {
            throw new IllegalArgumentException("sidPrefix must be RE followed by 8 hex digits: " + sidPrefix);
        }
        List<Seeded> seeded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sid = sidPrefix + String.format("%024x", i);
            UUID recordingId = RecordingIds.of(tenant, Provider.TWILIO, sid);
            byte[] body = ("ID3 recording " + recordingId).getBytes(StandardCharsets.UTF_8);
            seeded.add(new Seeded(sid, recordingId, ObjectKeys.of(tenant, callEndedAt, recordingId, "mp3"), body,
                    AudioFixtures.sha256Hex(body)));
        }
        return seeded;
    }

    /**
     * Puts the objects as fetch-worker stores them: content type {@code audio/mpeg} and the {@code sha256} user
     * metadata, {@value #PUTS_IN_FLIGHT} at a time on virtual threads.
     *
     * @param client an S3 client
     * @param bucket the recordings bucket
     * @param seeded the recordings
     * @throws IllegalStateException if a put fails
     */
    public static void putObjects(MinioClient client, String bucket, List<Seeded> seeded) {
        Semaphore inFlight = new Semaphore(PUTS_IN_FLIGHT);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> puts = new ArrayList<>();
            for (Seeded recording : seeded) {
                inFlight.acquire();
                puts.add(executor.submit(() -> {
                    try {
                        client.putObject(PutObjectArgs.builder().bucket(bucket).object(recording.objectKey())
                                .stream(new ByteArrayInputStream(recording.body()), (long) recording.body().length, -1L)
                                .contentType("audio/mpeg")
                                .userMetadata(Map.of("sha256", recording.sha256()))
                                .build());
                        return null;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while putting objects", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("putting an object into " + bucket + " failed", e.getCause());
        }
    }

    /**
     * Publishes each recording's {@code CallEnded} (2 channels, 8 seconds) on {@link Topics#CALL_ENDED}, keyed by the
     * recording id, {@code acks=all}, and returns once the broker acknowledged every one.
     *
     * @param bootstrapServers the broker, {@code host:port}
     * @param tenant           the recordings' tenant
     * @param callEndedAt      when the calls ended (the same instant as in {@link #twilio})
     * @param seeded           the recordings
     * @throws IllegalStateException if the broker did not acknowledge one
     */
    public static void publishCallEnded(String bootstrapServers, String tenant, Instant callEndedAt,
                                        List<Seeded> seeded) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                new AvroEventSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Seeded recording : seeded) {
                CallEnded event = CallEnded.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(callEndedAt)
                        .setTenantId(tenant).setRecordingId(recording.recordingId()).setProvider(Provider.TWILIO)
                        .setProviderRecordingId(recording.recordingSid()).setCallEndedAt(callEndedAt)
                        .setDurationSeconds(8).setChannels(2).build();
                sent.add(producer.send(new ProducerRecord<>(Topics.CALL_ENDED, recording.recordingId().toString(),
                        event)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing CallEnded", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing CallEnded failed", e.getCause());
        }
    }
}
