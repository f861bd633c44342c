package dev.callvault.ingest.vapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.ingest.webhook.MalformedWebhookException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming parser keeps the listed scalar paths in any field order and skips everything else. */
class EndOfCallReportParserTests {

    private final EndOfCallReportParser parser = new EndOfCallReportParser();

    @Test
    void shouldKeepListedPathsAfterLargeSkippedValues() {
        // given: a transcript far longer than any kept string may be, before the kept fields
        String body = "{\"message\": {\"artifact\": {\"transcript\": \"" + "hello ".repeat(50_000) + "\", "
                + "\"recording\": {\"stereoUrl\": \"https://storage.vapi.ai/s.wav\", \"mono\": {\"combinedUrl\": null}}},"
                + "\"call\": {\"id\": \"call-1\", \"customer\": {\"number\": \"+1555\", \"name\": \"Ann\"}},"
                + "\"durationSeconds\": 12.5, \"type\": \"end-of-call-report\"}, \"extra\": [1, {\"type\": \"x\"}]}";

        // when
        EndOfCallReport report = parse(body);

        // then
        assertThat(report.fields()).containsOnlyKeys("message.type", "message.call.id",
                "message.call.customer.number", "message.durationSeconds", "message.artifact.recording.stereoUrl");
        assertThat(report.get("message.type")).isEqualTo("end-of-call-report");
        assertThat(report.get("message.durationSeconds")).isEqualTo("12.5");
        assertThat(report.first("message.artifact.stereoRecordingUrl", "message.artifact.recording.stereoUrl"))
                .isEqualTo("https://storage.vapi.ai/s.wav");
    }

    @Test
    void shouldRefuseDuplicateNames() {
        // given: two call ids, which two readers could resolve differently
        String body = "{\"message\": {\"type\": \"end-of-call-report\", \"call\": {\"id\": \"a\", \"id\": \"b\"}}}";

        // when / then
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void shouldRefuseObjectWhereAKeptScalarBelongs() {
        // when / then
        assertThatThrownBy(() -> parse("{\"message\": {\"type\": {\"name\": \"end-of-call-report\"}}}"))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("message.type");
    }

    @Test
    void shouldRefuseContentAfterTheObject() {
        // when / then
        assertThatThrownBy(() -> parse("{\"message\": {}} {}")).isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(MalformedWebhookException.class);
    }

    private EndOfCallReport parse(String body) {
        return parser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
