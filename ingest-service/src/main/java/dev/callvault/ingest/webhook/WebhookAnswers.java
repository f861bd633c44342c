package dev.callvault.ingest.webhook;

import java.util.UUID;

/** The JSON bodies of the successful webhook answers. */
public final class WebhookAnswers {

    private WebhookAnswers() {
    }

    /**
     * 202 body: the event was acknowledged by the broker.
     *
     * @param recordingId the recording id ({@code RecordingIds.of(tenantId, provider, providerRecordingId)})
     * @param eventId     the published event's id
     */
    public record Accepted(UUID recordingId, UUID eventId) {
    }

    /**
     * 200 body: a valid callback that carries no finished recording, so nothing was published.
     *
     * @param ignored why nothing was published, e.g. {@code "RecordingStatus in-progress"}
     */
    public record Ignored(String ignored) {
    }
}
