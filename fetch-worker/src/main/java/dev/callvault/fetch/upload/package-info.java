/** Audio sniffing, hashing and the streaming (multipart) upload of recordings into the bucket. */
package dev.callvault.fetch.upload;
