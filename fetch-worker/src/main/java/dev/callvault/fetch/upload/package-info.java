/** Hashing and the streaming (multipart) upload of recordings into the bucket (sniffing is the platform's {@code dev.callvault.platform.audio}). */
package dev.callvault.fetch.upload;
