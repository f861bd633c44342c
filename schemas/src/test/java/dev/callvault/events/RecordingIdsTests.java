package dev.callvault.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordingIdsTests {

    @Test
    void shouldDeriveTheNameBasedUuidOfTenantProviderAndRecordingId() {
        UUID expected = UUID.nameUUIDFromBytes(
                "acme/twilio:RE0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

        assertThat(RecordingIds.of("acme", Provider.TWILIO, "RE0123456789abcdef0123456789abcdef"))
                .isEqualTo(expected);
        assertThat(RecordingIds.of("acme", Provider.ELEVENLABS, "conv_1"))
                .isNotEqualTo(RecordingIds.of("acme", Provider.VAPI, "conv_1"));
    }

    @Test
    void shouldGiveTwoTenantsOfOneProviderRecordingTwoIds() {
        // given one Twilio account shared by two tenants: both name the same RecordingSid
        String sid = "RE0123456789abcdef0123456789abcdef";

        // when / then
        assertThat(RecordingIds.of("acme", Provider.TWILIO, sid))
                .isNotEqualTo(RecordingIds.of("globex", Provider.TWILIO, sid));
    }

    @Test
    void shouldRecogniseTheLegacyIdOfARecordingMintedBeforeTenantScoping() {
        UUID legacy = UUID.nameUUIDFromBytes("twilio:RE1".getBytes(StandardCharsets.UTF_8));

        assertThat(RecordingIds.legacyOf(Provider.TWILIO, "RE1")).isEqualTo(legacy);
        assertThat(RecordingIds.matches(legacy, "acme", Provider.TWILIO, "RE1")).isTrue();
        UUID current = RecordingIds.of("acme", Provider.TWILIO, "RE1");
        assertThat(RecordingIds.matches(current, "acme", Provider.TWILIO, "RE1")).isTrue();
        assertThat(RecordingIds.matches(RecordingIds.of("globex", Provider.TWILIO, "RE1"), "acme", Provider.TWILIO,
                "RE1")).isFalse();
    }

    @Test
    void shouldKeepTheUploadIdsItAlwaysHad() {
        UUID expected = UUID.nameUUIDFromBytes("upload:acme/call-7".getBytes(StandardCharsets.UTF_8));

        assertThat(RecordingIds.ofUpload("acme", "call-7")).isEqualTo(expected);
        assertThatThrownBy(() -> RecordingIds.of("acme", Provider.UPLOAD, "call-7"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectABlankProviderRecordingIdOrTenant() {
        assertThatThrownBy(() -> RecordingIds.of("acme", Provider.TWILIO, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingIds.of(" ", Provider.TWILIO, "RE1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingIds.of("a/b", Provider.TWILIO, "RE1"))
                .isInstanceOf(IllegalArgumentException.class);
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
