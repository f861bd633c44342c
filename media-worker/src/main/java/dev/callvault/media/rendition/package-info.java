/**
 * Renditions of recordings: the Ogg Opus rendition (RFC 7845; libopus through ffmpeg), encoded streaming from the
 * original's bytes into the bucket, with the checksums that tie it to the original.
 */
package dev.callvault.media.rendition;
