package dev.callvault.ingest.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.ingest.webhook.MalformedWebhookException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming parser keeps the small fields and skips everything else without materialising it. */
class PostCallWebhookParserTests {

    private final PostCallWebhookParser parser = new PostCallWebhookParser();

    @Test
    void shouldKeepTheFieldsOfATranscription() {
        // given
        String json = """
                {"type":"post_call_transcription","event_timestamp":1750000200,
                 "data":{"agent_id":"a1","conversation_id":"c1","status":"done","has_audio":false,
                  "has_user_audio":true,"transcript":[{"message":"hi"}],
                  "metadata":{"start_time_unix_secs":1750000000,"call_duration_secs":12.0,
                   "phone_call":{"direction":"outbound","external_number":"+1","agent_number":"+2","call_sid":"CA9"}}}}
                """;
        List<String> types = new ArrayList<>();

        // when
        PostCallWebhook webhook = parser.parse(stream(json), types::add);

        // then
        assertThat(types).containsExactly("post_call_transcription");
        assertThat(webhook.eventTimestamp()).isEqualTo(1_750_000_200L);
        assertThat(webhook.agentId()).isEqualTo("a1");
        assertThat(webhook.conversationId()).isEqualTo("c1");
        assertThat(webhook.hasAudio()).isFalse();
        assertThat(webhook.startTimeUnixSecs()).isEqualTo(1_750_000_000L);
        assertThat(webhook.callDurationSecs()).isEqualTo(12L);
        assertThat(webhook.direction()).isEqualTo("outbound");
        assertThat(webhook.externalNumber()).isEqualTo("+1");
        assertThat(webhook.agentNumber()).isEqualTo("+2");
        assertThat(webhook.details()).containsEntry("status", "done").containsEntry("has_user_audio", "true")
                .containsEntry("phone_call.call_sid", "CA9");
    }

    @Test
    void shouldSkipAudioLongerThanAnyKeptString() {
        // given: a full_audio string far longer than the longest string the parser materialises
        int audioLength = PostCallWebhookParser.MAX_KEPT_STRING_LENGTH * 40;
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                stream("{\"type\":\"post_call_audio\",\"data\":{\"conversation_id\":\"c2\",\"full_audio\":\""),
                new ByteArrayInputStream("QUFB".repeat(audioLength / 4).getBytes(StandardCharsets.US_ASCII)),
                stream("\"}}"))));

        // when
        PostCallWebhook webhook = parser.parse(body, type -> { });

        // then
        assertThat(webhook.type()).isEqualTo("post_call_audio");
        assertThat(webhook.conversationId()).isEqualTo("c2");
    }

    @Test
    void shouldRefuseKeptStringLongerThanTheLimit() {
        // given
        String json = "{\"type\":\"post_call_transcription\",\"data\":{\"conversation_id\":\""
                + "c".repeat(PostCallWebhookParser.MAX_KEPT_STRING_LENGTH + 1) + "\"}}";

        // when / then
        assertThatThrownBy(() -> parser.parse(stream(json), type -> { }))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void shouldRefuseNonObjectsTrailingContentAndWrongTypes() {
        // when / then: an array, two objects, an object as type, a string as duration, nothing
        assertThatThrownBy(() -> parser.parse(stream("[1,2]"), type -> { }))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> parser.parse(stream("{\"type\":\"x\"} {}"), type -> { }))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> parser.parse(stream("{\"type\":{\"nested\":1}}"), type -> { }))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> parser.parse(stream("{\"data\":{\"metadata\":{\"call_duration_secs\":\"long\"}}}"),
                type -> { })).isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> parser.parse(stream(""), type -> { }))
                .isInstanceOf(MalformedWebhookException.class);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
