package dev.callvault.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The body limit fails as soon as the limit is crossed and never reads far beyond it. */
class LimitedInputStreamTests {

    @Test
    void shouldReadBodiesUpToTheLimit() throws IOException {
        // given
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100);

        // when
        byte[] read = in.readAllBytes();

        // then
        assertThat(read).hasSize(100);
        assertThat(in.count()).isEqualTo(100);
    }

    @Test
    void shouldFailOneByteOverTheLimitWithoutReadingFurther() {
        // given
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[10_000]);
        LimitedInputStream in = new LimitedInputStream(source, 100);

        // when / then
        assertThatThrownBy(in::readAllBytes).isInstanceOf(BodyTooLargeException.class);
        assertThat(source.available()).isEqualTo(10_000 - 101);
    }

    @Test
    void shouldFailWhenTheLimitIsLoweredBelowWhatWasRead() throws IOException {
        // given
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[300]), 1000);
        in.readNBytes(200);

        // when / then
        assertThatThrownBy(() -> in.restrictTo(150)).isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void shouldRefuseDeclaredLengthOverTheLimit() {
        // when / then: unknown (-1) and equal lengths pass
        assertThatThrownBy(() -> LimitedInputStream.checkDeclaredLength(101, 100))
                .isInstanceOf(BodyTooLargeException.class);
        LimitedInputStream.checkDeclaredLength(-1, 100);
        LimitedInputStream.checkDeclaredLength(100, 100);
    }
}
