package dev.callvault.bench.load;

/**
 * What one {@link LoadGenerator} run measured, as it prints it on its standard output (one JSON object).
 *
 * @param mode              {@code full} (whole-file GETs) or {@code range} (random {@code Range} GETs)
 * @param clients           concurrent clients, each one request at a time over its own keep-alive connection
 * @param seconds           length of the measured window, in seconds (after the warm-up)
 * @param requests          requests started in the window and answered completely (every byte of the body)
 * @param errors            requests answered with another status than expected (200 full, 206 range), cut short, or
 *                          failed with an I/O error
 * @param unfinished        requests still receiving their body when the window closed (their bytes up to then count)
 * @param bytes             body bytes received in the window, of finished and unfinished requests
 * @param megabytesPerSecond {@code bytes} per second of the window, in MB (10^6 bytes) per second
 * @param requestsPerSecond {@code requests} per second of the window
 * @param ttfbP50Ms         median time to first byte, in milliseconds: from opening the request to the first body
 *                          byte read
 * @param ttfbP99Ms         99th percentile of the time to first byte, in milliseconds
 * @param timeP50Ms         median time of a whole answered request, in milliseconds ({@code NaN} if none finished)
 * @param timeP99Ms         99th percentile of the time of a whole answered request, in milliseconds
 * @param firstError        the first error seen ({@code HTTP <status>} or an exception class), or empty
 */
public record LoadResult(String mode, int clients, double seconds, long requests, long errors, long unfinished,
                         long bytes, double megabytesPerSecond, double requestsPerSecond, double ttfbP50Ms,
                         double ttfbP99Ms, double timeP50Ms, double timeP99Ms, String firstError) {
}
