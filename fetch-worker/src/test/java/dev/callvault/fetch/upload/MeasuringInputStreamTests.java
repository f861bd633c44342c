package dev.callvault.fetch.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.local.testing.AudioFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Counting, hashing and the Content-Length check of a streamed body. */
class MeasuringInputStreamTests {

    private static final byte[] AUDIO = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);

    @Test
    void shouldCountAndHashEveryByte() throws Exception {
        // given
        MeasuringInputStream measuring = new MeasuringInputStream(new ByteArrayInputStream(AUDIO), AUDIO.length);

        // when
        measuring.transferTo(OutputStream.nullOutputStream());

        // then
        assertThat(measuring.count()).isEqualTo(AUDIO.length);
        assertThat(measuring.sha256Hex()).isEqualTo(AudioFixtures.sha256Hex(AUDIO));
        assertThat(measuring.sourceFailure()).isEmpty();
    }

    @Test
    void shouldFailBodyShorterThanItsContentLength() {
        // given
        byte[] half = Arrays.copyOf(AUDIO, AUDIO.length / 2);
        MeasuringInputStream measuring = new MeasuringInputStream(new ByteArrayInputStream(half), AUDIO.length);

        // when / then
        assertThatThrownBy(() -> measuring.transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(TruncatedBodyException.class)
                .hasMessageContaining(String.valueOf(AUDIO.length));
        assertThat(measuring.sourceFailure()).containsInstanceOf(TruncatedBodyException.class);
    }

    @Test
    void shouldRememberTheSourceFailure() {
        // given
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        MeasuringInputStream measuring = new MeasuringInputStream(broken, -1);

        // when / then
        assertThatThrownBy(measuring::read).hasMessage("connection reset");
        assertThat(measuring.sourceFailure()).hasValueSatisfying(e -> assertThat(e).hasMessage("connection reset"));
    }
}
