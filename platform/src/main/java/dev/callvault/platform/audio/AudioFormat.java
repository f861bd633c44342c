package dev.callvault.platform.audio;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Audio container formats CallVault accepts, with the media type and file extension each is stored under, and the
 * media types and file extensions a client may declare for it.
 *
 * <p>Media types: {@code audio/mpeg} (RFC 3003), {@code audio/wav} and its common aliases, {@code audio/ogg} and
 * {@code audio/opus} (RFC 5334, RFC 7845 section 9), {@code audio/flac} (RFC 9639 section 10), {@code audio/mp4}
 * (RFC 4337) and {@code audio/aac} (IANA media type registry); the {@code x-} variants are the aliases browsers and
 * {@code file(1)} still send.
 */
public enum AudioFormat {

    /** MPEG-1/2 audio layer III (ID3v2 tag or MPEG frame sync). */
    MP3("audio/mpeg", "mp3", Set.of("audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3"),
            Set.of("mp3")),
    /** RIFF/WAVE. */
    WAV("audio/wav", "wav", Set.of("audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave"), Set.of("wav", "wave")),
    /** Ogg (Vorbis or Opus). */
    OGG("audio/ogg", "ogg", Set.of("audio/ogg", "audio/opus", "audio/vorbis", "application/ogg"),
            Set.of("ogg", "oga", "opus")),
    /** FLAC native stream. */
    FLAC("audio/flac", "flac", Set.of("audio/flac", "audio/x-flac"), Set.of("flac")),
    /** ISO base media file (MP4/M4A, usually AAC inside). */
    M4A("audio/mp4", "m4a", Set.of("audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac", "video/mp4"),
            Set.of("m4a", "mp4", "aac")),
    /** Raw AAC in ADTS frames. */
    AAC("audio/aac", "aac", Set.of("audio/aac", "audio/aacp", "audio/x-aac"), Set.of("aac"));

    private final String contentType;
    private final String extension;
    private final Set<String> declaredTypes;
    private final Set<String> declaredExtensions;

    AudioFormat(String contentType, String extension, Set<String> declaredTypes, Set<String> declaredExtensions) {
        this.contentType = contentType;
        this.extension = extension;
        this.declaredTypes = declaredTypes;
        this.declaredExtensions = declaredExtensions;
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
     * Whether a client's declared media type names this format.
     *
     * @param mediaType a media type, any case, parameters ({@code ;codecs=...}) ignored
     * @return whether it is this format's type or one of its aliases
     */
    public boolean acceptsDeclaredType(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        String essence = (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return declaredTypes.contains(essence);
    }

    /**
     * Whether a client's file name extension names this format.
     *
     * @param extension an extension without the dot, any case
     * @return whether files of this format are named so
     */
    public boolean acceptsDeclaredExtension(String extension) {
        return declaredExtensions.contains(extension.toLowerCase(Locale.ROOT));
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
