package dev.callvault.ingest.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.RecordingHostNotAllowedException;
import dev.callvault.ingest.webhook.WebhookOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping of {@code call.recording.saved} to {@code CallEnded}: fallbacks, optional fields, refusals. */
class TelnyxRecordingSavedMapperTests {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final String RECORDING_ID = "10cd86ac-fef8-4765-b203-0f7511f9fc75";

    private final TelnyxRecordingSavedMapper mapper = new TelnyxRecordingSavedMapper(
            new TelnyxProviderProperties(List.of("s3.amazonaws.com", "*.s3.amazonaws.com")));

    @Test
    void shouldFallBackToTheCallControlIdAndTheEventTime() {
        // given no call session, no recording end, no URLs
        Map<String, String> fields = saved();
        fields.put(TelnyxWebhook.CALL_CONTROL_ID, "v3:ctrl-1");
        fields.put(TelnyxWebhook.OCCURRED_AT, "2026-11-20T09:16:35.512Z");

        // when
        CallEnded event = publish(fields);

        // then
        assertThat(event.getRecordingId()).isEqualTo(RecordingIds.of("acme", Provider.TELNYX, RECORDING_ID));
        assertThat(event.getProviderCallId()).isEqualTo("v3:ctrl-1");
        assertThat(event.getCallEndedAt()).isEqualTo(Instant.parse("2026-11-20T09:16:35.512Z"));
        assertThat(event.getOccurredAt()).isEqualTo(NOW);
        assertThat(event.getRecordingUrl()).isNull();
        assertThat(event.getDurationSeconds()).isNull();
        assertThat(event.getChannels()).isNull();
        assertThat(event.getRecordingAvailable()).isTrue();
    }

    @Test
    void shouldEndAtNowWithoutAnyDate() {
        // when
        CallEnded event = publish(saved());

        // then
        assertThat(event.getCallEndedAt()).isEqualTo(NOW);
        assertThat(event.getCallStartedAt()).isNull();
        assertThat(event.getMetadata()).isEmpty();
    }

    @Test
    void shouldLeaveTheDurationUnknownWhenTheEndPrecedesTheStart() {
        // given
        Map<String, String> fields = saved();
        fields.put(TelnyxWebhook.RECORDING_STARTED_AT, "2026-11-20T09:16:00Z");
        fields.put(TelnyxWebhook.RECORDING_ENDED_AT, "2026-11-20T09:15:00Z");

        // when / then
        assertThat(publish(fields).getDurationSeconds()).isNull();
    }

    @Test
    void shouldRoundTheDurationToWholeSeconds() {
        // given 94.5 s, microseconds as Telnyx sends them
        Map<String, String> fields = saved();
        fields.put(TelnyxWebhook.RECORDING_STARTED_AT, "2026-11-20T09:15:00.000000Z");
        fields.put(TelnyxWebhook.RECORDING_ENDED_AT, "2026-11-20T09:16:34.500000Z");

        // when / then
        assertThat(publish(fields).getDurationSeconds()).isEqualTo(95);
    }

    @Test
    void shouldLeaveUnknownChannelValuesUnknown() {
        // given
        Map<String, String> fields = saved();
        fields.put(TelnyxWebhook.CHANNELS, "quad");

        // when / then
        assertThat(publish(fields).getChannels()).isNull();
    }

    @Test
    void shouldIgnoreOtherEventTypes() {
        // given
        Map<String, String> fields = new HashMap<>(Map.of(TelnyxWebhook.EVENT_TYPE, "call.recording.error"));

        // when
        WebhookOutcome outcome = mapper.map("acme", new TelnyxWebhook(fields), NOW);

        // then
        assertThat(outcome).isInstanceOf(WebhookOutcome.Ignore.class);
        assertThat(((WebhookOutcome.Ignore) outcome).reason()).contains("call.recording.error");
    }

    @Test
    void shouldRejectAMissingEventTypeOrAnUnparsableDate() {
        // given
        Map<String, String> badDate = saved();
        badDate.put(TelnyxWebhook.RECORDING_STARTED_AT, "yesterday");

        // when / then
        assertThatThrownBy(() -> mapper.map("acme", new TelnyxWebhook(Map.of()), NOW))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("data.event_type");
        assertThatThrownBy(() -> publish(badDate))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("recording_started_at");
    }

    @Test
    void shouldRejectRecordingIdsThatAreNotTelnyxIds() {
        // when / then
        for (String id : new String[] {"a/b", "a b", "x".repeat(65), "ä", "id:1"}) {
            Map<String, String> fields = saved();
            fields.put(TelnyxWebhook.RECORDING_ID, id);
            assertThatThrownBy(() -> publish(fields)).as(id).isInstanceOf(MalformedWebhookException.class);
        }
    }

    @Test
    void shouldCheckEveryRecordingUrlAgainstTheAllowlist() {
        // given an allowed mp3 next to a wav on another host
        Map<String, String> fields = saved();
        fields.put(TelnyxWebhook.MP3_URL, "https://s3.amazonaws.com/telephony-recorder-prod/a.mp3");
        fields.put(TelnyxWebhook.WAV_URL, "https://storage.example/a.wav?X-Amz-Signature=secret");

        // when / then
        assertThatThrownBy(() -> publish(fields))
                .isInstanceOf(RecordingHostNotAllowedException.class)
                .hasMessageContaining(TelnyxWebhook.WAV_URL)
                .hasMessageContaining("storage.example")
                .hasMessageNotContaining("secret");
    }

    private CallEnded publish(Map<String, String> fields) {
        WebhookOutcome outcome = mapper.map("acme", new TelnyxWebhook(fields), NOW);
        assertThat(outcome).isInstanceOf(WebhookOutcome.Publish.class);
        return ((WebhookOutcome.Publish) outcome).event();
    }

    private static Map<String, String> saved() {
        Map<String, String> fields = new HashMap<>();
        fields.put(TelnyxWebhook.EVENT_TYPE, TelnyxWebhook.CALL_RECORDING_SAVED);
        fields.put(TelnyxWebhook.RECORDING_ID, RECORDING_ID);
        return fields;
    }
}
