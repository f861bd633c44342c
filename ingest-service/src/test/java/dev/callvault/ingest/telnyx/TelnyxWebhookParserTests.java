package dev.callvault.ingest.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.ingest.webhook.MalformedWebhookException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming parse of Telnyx webhooks: kept paths only, strict about the body's shape. */
class TelnyxWebhookParserTests {

    private final TelnyxWebhookParser parser = new TelnyxWebhookParser();

    @Test
    void shouldKeepOnlyTheKnownPathsInAnyOrder() {
        // given the payload before the event type, and fields that are not kept
        String body = """
                {"meta": {"attempt": 2, "delivered_to": "https://example.test"},
                 "data": {"payload": {"recording_urls": {"wav": "https://s3.amazonaws.com/b/a.wav", "flac": "x"},
                   "recording_id": "r-1", "client_state": "c3RhdGU=", "channels": "dual",
                   "public_recording_urls": {"wav": "https://public.example/a.wav"}},
                  "event_type": "call.recording.saved", "id": "e-1", "record_type": "event"}}
                """;

        // when
        TelnyxWebhook webhook = parser.parse(body.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(webhook.fields()).containsOnlyKeys(TelnyxWebhook.WAV_URL, TelnyxWebhook.RECORDING_ID,
                TelnyxWebhook.CHANNELS, TelnyxWebhook.EVENT_TYPE, TelnyxWebhook.EVENT_ID);
        assertThat(webhook.get(TelnyxWebhook.RECORDING_ID)).isEqualTo("r-1");
    }

    @Test
    void shouldRejectBodiesThatAreNotOneJsonObject() {
        // when / then
        for (String body : new String[] {"", "[]", "\"x\"", "{\"data\": {}} {}", "{\"data\": ", "not json"}) {
            assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body).isInstanceOf(MalformedWebhookException.class);
        }
    }

    @Test
    void shouldRejectDuplicateNamesAndObjectsAtKeptPaths() {
        // given
        String duplicate = "{\"data\": {\"event_type\": \"call.hangup\", \"event_type\": \"call.recording.saved\"}}";
        String object = "{\"data\": {\"payload\": {\"recording_id\": {\"id\": \"r-1\"}}}}";

        // when / then
        assertThatThrownBy(() -> parser.parse(duplicate.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> parser.parse(object.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("recording_id");
    }
}
