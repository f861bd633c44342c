package dev.callvault.storage.analysis;

import dev.callvault.events.Rendition;
import java.time.Instant;

/**
 * One item of a catalog entry's {@code renditions}: a rendition media-worker derived from the entry's current object.
 *
 * @param rendition    {@code OPUS}
 * @param contentType  its media type ({@code audio/ogg; codecs=opus})
 * @param sizeBytes    its size in bytes
 * @param sha256       SHA-256 of its bytes, lowercase hex
 * @param codec        {@code opus}
 * @param bitrateBps   target bitrate of the whole stream, bits per second
 * @param channels     its channels (the original's)
 * @param parameters   the encoder parameters
 * @param sourceSha256 SHA-256 of the original it was derived from (the entry's {@code sha256})
 * @param derivedAt    when it was stored
 */
public record RenditionResponse(Rendition rendition, String contentType, long sizeBytes, String sha256, String codec,
        int bitrateBps, int channels, String parameters, String sourceSha256, Instant derivedAt) {
}
