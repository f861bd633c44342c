package dev.callvault.playback.signing;

import dev.callvault.events.Rendition;
import java.util.Locale;
import java.util.Optional;

/**
 * Which bytes a signed URL streams: the recording as stored, or a rendition media-worker derived from it
 * ({@code RecordingDerived}).
 */
public enum PlaybackRendition {
    /** The recording's own object; URLs without a {@code rendition} parameter. */
    ORIGINAL(null),
    /** The Ogg Opus rendition ({@code audio/ogg; codecs=opus}). */
    OPUS(Rendition.OPUS);

    private final Rendition rendition;

    PlaybackRendition(Rendition rendition) {
        this.rendition = rendition;
    }

    /** @return the lowercase wire form, {@code original} or {@code opus} */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the rendition of the events, or empty for {@link #ORIGINAL} */
    public Optional<Rendition> rendition() {
        return Optional.ofNullable(rendition);
    }

    /**
     * @param value {@code original} or {@code opus}, exactly (lowercase)
     * @return the choice, or empty for anything else
     */
    public static Optional<PlaybackRendition> fromWire(String value) {
        for (PlaybackRendition choice : values()) {
            if (choice.wireValue().equals(value)) {
                return Optional.of(choice);
            }
        }
        return Optional.empty();
    }
}
