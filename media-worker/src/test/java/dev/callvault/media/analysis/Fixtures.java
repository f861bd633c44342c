package dev.callvault.media.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** media-worker's committed fixtures ({@code fixtures/audio/make-fixtures.sh}) and the settings of their tests. */
public final class Fixtures {

    /** 8 kHz mono, 3.0 s: a -6 dBFS tone 0.0-1.0 s, silence, a -12 dBFS tone 2.0-2.5 s, silence. */
    public static final String TONE_BURSTS = "tone-bursts.wav";
    /** 8 kHz stereo, 10.0 s of speech: caller (left) 0.0-2.5 s, agent (right) 2.0-5.0 s. */
    public static final String AGENT_SILENT_SPANS = "agent-silent-spans.wav";

    /** The defaults of {@code application.yml}. */
    public static final AnalysisProperties DEFAULTS = new AnalysisProperties(List.of("ffmpeg"), 2,
            Duration.ofMinutes(10), 256, -40.0, Duration.ofMillis(50), Duration.ofMillis(300));

    private Fixtures() {
    }

    /**
     * @param name a fixture of this module
     * @return its bytes
     */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/audio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
