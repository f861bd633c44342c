package dev.callvault.bench.load;

/**
 * What one wrk run measured.
 *
 * @param mode               {@code full} (whole-file GETs) or {@code range} (random {@code Range} GETs)
 * @param clients            concurrent connections, each one request at a time (keep-alive)
 * @param seconds            length of the measured run, in seconds
 * @param requests           requests answered completely
 * @param errors             connection, read, write and status (4xx, 5xx) errors
 * @param timeouts           requests still unanswered after wrk's timeout (their bytes count)
 * @param bytes              bytes received (headers and bodies), including bodies still arriving at the end
 * @param megabytesPerSecond {@code bytes} per second, in MB (10^6 bytes) per second
 * @param requestsPerSecond  {@code requests} per second
 * @param latencyP50Ms       median latency in milliseconds: from sending the request to the whole answer (for a
 *                           64 KiB range on loopback, the time to first byte plus a few microseconds), {@code NaN}
 *                           if no request finished
 * @param latencyP99Ms       99th percentile of that latency, in milliseconds
 */
public record LoadResult(String mode, int clients, double seconds, long requests, long errors, long timeouts,
                         long bytes, double megabytesPerSecond, double requestsPerSecond, double latencyP50Ms,
                         double latencyP99Ms) {
}
