/** Signed playback URLs: HMAC-SHA256 minting and constant-time verification with key rotation by {@code kid}. */
package dev.callvault.playback.signing;
