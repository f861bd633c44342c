package dev.callvault.storage.catalog;

import dev.callvault.events.FetchRequested;
import dev.callvault.events.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The {@code FetchRequested} command that asks fetch-worker to fetch an entry's recording again (backfill, orphan
 * repair), on {@code callvault.fetch-requested.v1} with the recording id as key.
 */
public final class FetchRequests {

    private FetchRequests() {
    }

    /**
     * @param recording   an entry whose provider recording id is known
     * @param reason      why (the {@code reason} field: {@code BACKFILL}, {@code ORPHAN_REPAIR}, ...)
     * @param requestedBy the subject that asked, or {@code null} when no person did
     * @param now         the event's time (truncated to milliseconds, the field's precision)
     * @return the record to publish, with a fresh event id
     */
    public static ProducerRecord<String, SpecificRecord> of(Recording recording, String reason, String requestedBy,
            Instant now) {
        CallDetails call = recording.getCall();
        FetchRequested event = FetchRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now.truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(recording.getTenantId())
                .setRecordingId(recording.getId())
                .setProvider(recording.getProvider())
                .setProviderRecordingId(call.providerRecordingId())
                .setProviderAccountId(call.providerAccountId())
                .setCallEndedAt(call.callEndedAt())
                .setDurationSeconds(call.durationSeconds())
                .setChannels(call.channels())
                .setReason(reason)
                .setRequestedBy(requestedBy)
                .build();
        return new ProducerRecord<>(Topics.FETCH_REQUESTED, recording.getId().toString(), event);
    }
}
