package dev.callvault.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordingIdsTests {

    @Test
    void shouldDeriveTheNameBasedUuidOfProviderAndRecordingId() {
        UUID expected = UUID.nameUUIDFromBytes("twilio:RE0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

        assertThat(RecordingIds.of(Provider.TWILIO, "RE0123456789abcdef0123456789abcdef")).isEqualTo(expected);
        assertThat(RecordingIds.of(Provider.ELEVENLABS, "conv_1")).isNotEqualTo(RecordingIds.of(Provider.VAPI, "conv_1"));
    }

    @Test
    void shouldRejectABlankProviderRecordingId() {
        assertThatThrownBy(() -> RecordingIds.of(Provider.TWILIO, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDateTheObjectKeyByTheCallEndInUtc() {
        UUID id = UUID.fromString("0b6f1c52-3a43-3c61-9d0e-3f0e7f1a2b3c");

        String key = ObjectKeys.of("acme", Instant.parse("2026-11-21T23:59:59.999Z"), id, "mp3");

        assertThat(key).isEqualTo("acme/2026/11/21/0b6f1c52-3a43-3c61-9d0e-3f0e7f1a2b3c.mp3");
    }

    @Test
    void shouldRejectATenantThatWouldEscapeItsPrefix() {
        assertThatThrownBy(() -> ObjectKeys.of("../other", Instant.now(), UUID.randomUUID(), "mp3"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
