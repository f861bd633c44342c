package dev.callvault.storage.uploads;

import dev.callvault.platform.audio.AudioFormat;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decides an upload's format: the sniffed bytes ({@code AudioSniffer}) say what it is, and what the uploader declared
 * must agree with them. A declared media type of {@code application/octet-stream} (or none) declares nothing, as
 * does a file name without extension; anything else must name the sniffed format, or the upload is refused with
 * 415 before anything is stored.
 */
final class UploadTypes {

    private static final String UNDECLARED = "application/octet-stream";

    private UploadTypes() {
    }

    /**
     * @param sniffed      the format recognised from the first bytes, empty if they are not accepted audio
     * @param declaredType the declared media type ({@code Content-Type} of the file part, tus {@code filetype}), or
     *                     {@code null}
     * @param fileName     the declared file name ({@code filename}), or {@code null}
     * @return the format to store the recording as
     * @throws UploadRefusedException 415 when the bytes are not accepted audio or a declaration disagrees
     */
    static AudioFormat check(Optional<AudioFormat> sniffed, String declaredType, String fileName) {
        AudioFormat format = sniffed.orElseThrow(() -> UploadRefusedException.unsupportedType(
                "the bytes are not MP3, WAV, Ogg (Opus or Vorbis), FLAC, M4A or AAC audio"));
        if (declaredType != null && !declaredType.isBlank() && !declaredType.trim().startsWith(UNDECLARED)
                && !format.acceptsDeclaredType(declaredType)) {
            throw UploadRefusedException.unsupportedType("the declared type " + declaredType.trim()
                    + " does not match the bytes, which are " + format.contentType());
        }
        String extension = extensionOf(fileName);
        if (extension != null && !format.acceptsDeclaredExtension(extension)) {
            throw UploadRefusedException.unsupportedType("the file extension ." + extension
                    + " does not match the bytes, which are " + format.contentType());
        }
        return format;
    }

    /**
     * Checks a declaration before any byte arrived (tus creation): a declared media type or file extension must name
     * some accepted format.
     *
     * @param declaredType the declared media type, or {@code null}
     * @param fileName     the declared file name, or {@code null}
     * @throws UploadRefusedException 415 when either names no accepted audio format
     */
    static void checkDeclared(String declaredType, String fileName) {
        if (declaredType != null && !declaredType.isBlank() && !declaredType.trim().startsWith(UNDECLARED)
                && Arrays.stream(AudioFormat.values()).noneMatch(f -> f.acceptsDeclaredType(declaredType))) {
            throw UploadRefusedException.unsupportedType("the declared type " + declaredType.trim()
                    + " is not an accepted audio type");
        }
        String extension = extensionOf(fileName);
        if (extension != null
                && Arrays.stream(AudioFormat.values()).noneMatch(f -> f.acceptsDeclaredExtension(extension))) {
            throw UploadRefusedException.unsupportedType("the file extension ." + extension
                    + " is not an accepted audio type");
        }
    }

    private static String extensionOf(String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1);
    }
}
