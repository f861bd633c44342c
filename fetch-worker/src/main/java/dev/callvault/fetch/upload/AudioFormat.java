package dev.callvault.fetch.upload;

import java.util.Locale;
import java.util.Optional;

/** Audio container formats the worker accepts, with the media type and file extension each is stored under. */
public enum AudioFormat {

    /** MPEG-1/2 audio layer III (ID3v2 tag or MPEG frame sync). */
    MP3("audio/mpeg", "mp3"),
    /** RIFF/WAVE. */
    WAV("audio/wav", "wav"),
    /** Ogg (Vorbis or Opus). */
    OGG("audio/ogg", "ogg"),
    /** FLAC native stream. */
    FLAC("audio/flac", "flac"),
    /** ISO base media file (MP4/M4A). */
    M4A("audio/mp4", "m4a");

    private final String contentType;
    private final String extension;

    AudioFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** @return the media type stored on the object and in {@code RecordingStored}, e.g. {@code audio/mpeg} */
    public String contentType() {
        return contentType;
    }

    /** @return the object key's extension, lower case, without the dot, e.g. {@code mp3} */
    public String extension() {
        return extension;
    }

    /**
     * Finds the format stored under an extension.
     *
     * @param extension an extension without the dot, any case
     * @return the format, or empty if the extension is not one of ours
     */
    public static Optional<AudioFormat> ofExtension(String extension) {
        for (AudioFormat format : values()) {
            if (format.extension.equals(extension.toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
