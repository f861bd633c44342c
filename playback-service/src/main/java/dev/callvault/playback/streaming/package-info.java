/** Signed-URL streaming: RFC 9110 ranges and conditional requests, ranged S3 reads copied in bounded chunks. */
package dev.callvault.playback.streaming;
