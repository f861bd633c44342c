package dev.callvault.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObjectKeysTests {

    private static final UUID RECORDING = UUID.fromString("0b6f3c1e-2a4d-4c5e-9f10-112233445566");

    @Test
    void shouldPlaceADerivativeNextToItsRecordingWithItsOwnSuffix() {
        // given a recording's key
        String key = ObjectKeys.of("acme", Instant.parse("2026-11-22T10:00:00Z"), RECORDING, "mp3");

        // when the key of its peaks is derived
        String peaks = ObjectKeys.derivativeOf(key, "peaks.json");

        // then it is in the same folder, the extension replaced, and still in the tenant's part of the bucket
        assertThat(peaks).isEqualTo("acme/2026/11/22/" + RECORDING + ".peaks.json");
        assertThat(ObjectKeys.belongsTo(peaks, "acme")).isTrue();
    }

    @Test
    void shouldRefuseAMalformedSuffixOrAKeyWithoutExtension() {
        assertThatThrownBy(() -> ObjectKeys.derivativeOf("acme/2026/11/22/x.mp3", "../../other.json"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKeys.derivativeOf("acme/2026/11/22/x.mp3", "peaks"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKeys.derivativeOf("acme.d/2026/11/22/noextension", "peaks.json"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
