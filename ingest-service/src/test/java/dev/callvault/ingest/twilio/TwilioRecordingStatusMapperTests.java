package dev.callvault.ingest.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.CallDirection;
import dev.callvault.events.CallEnded;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.WebhookOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mapping details of Twilio callbacks that the HTTP tests do not reach. */
class TwilioRecordingStatusMapperTests {

    private static final String ACCOUNT = "AC00000000000000000000000000000000";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final TwilioRecordingStatusMapper mapper =
            new TwilioRecordingStatusMapper(new TwilioProviderProperties(URI.create("https://api.twilio.com")));

    @ParameterizedTest
    @CsvSource({"inbound,INBOUND", "outbound-api,OUTBOUND", "outbound-dial,OUTBOUND",
            "trunking-terminating,INBOUND", "trunking-originating,OUTBOUND", "sideways,UNKNOWN"})
    void shouldMapTwilioDirections(String twilio, CallDirection expected) {
        // given
        Map<String, String> params = minimal();
        params.put("Direction", twilio);

        // when
        CallEnded event = publish(params);

        // then
        assertThat(event.getDirection()).isEqualTo(expected);
    }

    @Test
    void shouldFallBackToNowWithoutStartOrDuration() {
        // when
        CallEnded event = publish(minimal());

        // then
        assertThat(event.getCallEndedAt()).isEqualTo(NOW);
        assertThat(event.getCallStartedAt()).isNull();
        assertThat(event.getDurationSeconds()).isNull();
        assertThat(event.getDirection()).isEqualTo(CallDirection.UNKNOWN);
    }

    @Test
    void shouldKeepSecretsAndHugeValuesOutOfMetadata() {
        // given
        Map<String, String> params = minimal();
        params.put("AuthToken", "leak");
        params.put("X-Signature", "leak");
        params.put("Huge", "x".repeat(TwilioRecordingStatusMapper.MAX_METADATA_VALUE_LENGTH + 1));
        params.put("RecordingSource", "RecordVerb");

        // when
        CallEnded event = publish(params);

        // then
        assertThat(event.getMetadata()).doesNotContainKeys("AuthToken", "X-Signature", "Huge")
                .containsEntry("RecordingSource", "RecordVerb");
        assertThat(event.getMetadata().values()).doesNotContain("leak");
    }

    @Test
    void shouldCapTheNumberOfMetadataEntries() {
        // given
        Map<String, String> params = minimal();
        for (int i = 0; i < 100; i++) {
            params.put("Extra" + i, "v");
        }

        // when
        CallEnded event = publish(params);

        // then: the capped parameters plus the status
        assertThat(event.getMetadata()).hasSize(TwilioRecordingStatusMapper.MAX_METADATA_ENTRIES + 1)
                .containsEntry("RecordingStatus", "completed");
    }

    @Test
    void shouldIgnoreStatusesWithoutFinishedRecording() {
        // given
        Map<String, String> params = minimal();
        params.put("RecordingStatus", "processing");

        // when
        WebhookOutcome outcome = mapper.map("t1", ACCOUNT, params, NOW);

        // then
        assertThat(outcome).isInstanceOf(WebhookOutcome.Ignore.class);
    }

    @Test
    void shouldRefuseBadNumbers() {
        // given
        Map<String, String> duration = minimal();
        duration.put("RecordingDuration", "4.5");
        Map<String, String> channels = minimal();
        channels.put("RecordingChannels", "0");

        // when / then
        assertThatThrownBy(() -> mapper.map("t1", ACCOUNT, duration, NOW)).isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> mapper.map("t1", ACCOUNT, channels, NOW)).isInstanceOf(MalformedWebhookException.class);
    }

    private CallEnded publish(Map<String, String> params) {
        WebhookOutcome outcome = mapper.map("t1", ACCOUNT, params, NOW);
        assertThat(outcome).isInstanceOf(WebhookOutcome.Publish.class);
        return ((WebhookOutcome.Publish) outcome).event();
    }

    private static Map<String, String> minimal() {
        Map<String, String> params = new HashMap<>();
        params.put("AccountSid", ACCOUNT);
        params.put("RecordingSid", "RE0000000000000000000000000000000b");
        params.put("RecordingStatus", "completed");
        return params;
    }
}
