/** Playback: one recording served by CallVault's signed URL, a presigned S3 GET and nginx, side by side. */
package dev.callvault.bench.playback;
