package dev.callvault.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP load generator, run as its own JVM ({@link LoadRun} starts it) so that its CPU and memory never count as the
 * server's: {@code clients} virtual threads, each sending one GET at a time over its own keep-alive connection
 * ({@link HttpURLConnection}), either of the whole file or of a random {@code rangeBytes} byte range
 * ({@code Range: bytes=<first>-<last>}, RFC 9110 section 14.1.2), for a warm-up and then a measured window.
 *
 * <p>The URL is read from the first line of standard input (a signed URL is a credential: it never appears on a
 * command line). Arguments: {@code --mode full|range --clients N --size BYTES --seconds S [--warmup-seconds W]
 * [--range-bytes B]}. Output: one JSON line, a {@link LoadResult}. Times are recorded in HdrHistogram in
 * microseconds; body bytes count when read inside the window, so a 100 MB file that takes longer than the window still
 * counts towards the throughput.
 */
public final class LoadGenerator {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long HIGHEST_MICROS = 600_000_000L;

    private LoadGenerator() {
    }

    /**
     * What to run.
     *
     * @param mode          {@code full} or {@code range}
     * @param clients       concurrent clients, at least 1
     * @param sizeBytes     the file's size in bytes (ranges are drawn inside it)
     * @param seconds       the measured window, in seconds
     * @param warmupSeconds the warm-up before it, in seconds (same load, not recorded)
     * @param rangeBytes    length of each range in bytes ({@code range} mode)
     */
    public record Settings(String mode, int clients, long sizeBytes, double seconds, double warmupSeconds,
                           int rangeBytes) {

        /**
         * @throws IllegalArgumentException if the mode is unknown or a number is out of range
         */
        public Settings {
            if (!mode.equals("full") && !mode.equals("range")) {
                throw new IllegalArgumentException("mode must be full or range: " + mode);
            }
            if (clients < 1 || sizeBytes < 1 || seconds <= 0 || warmupSeconds < 0 || rangeBytes < 1
                    || (mode.equals("range") && rangeBytes > sizeBytes)) {
                throw new IllegalArgumentException("clients, size, seconds and range bytes must be positive, and a "
                        + "range no longer than the file");
            }
        }

        /**
         * @param args {@code --mode full|range --clients N --size BYTES --seconds S [--warmup-seconds W]
         *             [--range-bytes B]} (default warm-up 0 s, range 65,536 bytes)
         * @return the settings
         * @throws IllegalArgumentException for a missing or unknown argument or a bad value
         */
        public static Settings parse(String... args) {
            Map<String, String> values = new java.util.HashMap<>(Map.of("--warmup-seconds", "0",
                    "--range-bytes", "65536"));
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!List.of("--mode", "--clients", "--size", "--seconds", "--warmup-seconds", "--range-bytes")
                        .contains(args[i])) {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                values.put(args[i], args[i + 1]);
            }
            if (args.length % 2 != 0 || !values.keySet().containsAll(List.of("--mode", "--clients", "--size",
                    "--seconds"))) {
                throw new IllegalArgumentException("usage: --mode full|range --clients N --size BYTES --seconds S "
                        + "[--warmup-seconds W] [--range-bytes B]");
            }
            return new Settings(values.get("--mode"), Integer.parseInt(values.get("--clients")),
                    Long.parseLong(values.get("--size")), Double.parseDouble(values.get("--seconds")),
                    Double.parseDouble(values.get("--warmup-seconds")),
                    Integer.parseInt(values.get("--range-bytes")));
        }

        /** @return true for random byte ranges, false for whole files */
        boolean ranges() {
            return mode.equals("range");
        }

        /**
         * @param random a random source
         * @return the {@code Range} header value of a random range of {@link #rangeBytes} bytes inside the file,
         *         e.g. {@code bytes=1000-66535}
         */
        String randomRange(java.util.random.RandomGenerator random) {
            long first = random.nextLong(sizeBytes - rangeBytes + 1);
            return "bytes=" + first + "-" + (first + rangeBytes - 1);
        }
    }

    /**
     * Runs the load and prints its {@link LoadResult} as one JSON line.
     *
     * @param args see the class comment
     * @throws Exception if the URL cannot be read or a client thread fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        String url;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            url = in.readLine();
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the URL must be the first line of standard input");
        }
        LoadResult result = run(URI.create(url.trim()).toURL(), settings);
        System.out.println(JsonMapper.builder().build().writeValueAsString(result));
    }

    /**
     * @param url      the file
     * @param settings what to run
     * @return what was measured
     * @throws Exception if a client thread fails unexpectedly
     */
    static LoadResult run(URL url, Settings settings) throws Exception {
        long measureFrom = System.nanoTime() + (long) (settings.warmupSeconds() * 1e9);
        long deadline = measureFrom + (long) (settings.seconds() * 1e9);
        Window window = new Window(measureFrom, deadline);
        List<Future<Client>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.clients(); i++) {
                clients.add(threads.submit(() -> new Client(url, settings, window).call()));
            }
        }
        Histogram ttfb = new Histogram(HIGHEST_MICROS, 3);
        Histogram time = new Histogram(HIGHEST_MICROS, 3);
        for (Future<Client> client : clients) {
            Client done = client.get();
            ttfb.add(done.ttfb);
            time.add(done.time);
        }
        return result(settings, window, ttfb, time);
    }

    /**
     * @param settings what ran
     * @param window   the counters of the window
     * @param ttfb     time to first byte of the window's requests, in microseconds
     * @param time     whole time of the window's finished requests, in microseconds
     * @return the result, rates per second of the window and percentiles in milliseconds
     */
    static LoadResult result(Settings settings, Window window, Histogram ttfb, Histogram time) {
        double seconds = settings.seconds();
        return new LoadResult(settings.mode(), settings.clients(), seconds, window.requests.sum(),
                window.errors.sum(), window.unfinished.sum(), window.bytes.sum(), window.bytes.sum() / seconds / 1e6,
                window.requests.sum() / seconds, millis(ttfb, 50), millis(ttfb, 99), millis(time, 50),
                millis(time, 99), window.firstError.get() == null ? "" : window.firstError.get());
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN
                : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The measured window and what was counted in it, shared by the clients. */
    static final class Window {
        final long from;
        final long to;
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder unfinished = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();

        /**
         * @param from start of the window, {@link System#nanoTime()}
         * @param to   end of the window, {@link System#nanoTime()}
         */
        Window(long from, long to) {
            this.from = from;
            this.to = to;
        }

        void error(boolean inWindow, String what) {
            if (inWindow) {
                errors.increment();
                firstError.compareAndSet(null, what);
            }
        }
    }

    /** One client: one request at a time until the window closes. */
    private static final class Client {
        private final URL url;
        private final Settings settings;
        private final Window window;
        private final Histogram ttfb = new Histogram(HIGHEST_MICROS, 3);
        private final Histogram time = new Histogram(HIGHEST_MICROS, 3);
        private final byte[] buffer = new byte[BUFFER_BYTES];

        Client(URL url, Settings settings, Window window) {
            this.url = url;
            this.settings = settings;
            this.window = window;
        }

        Client call() {
            while (System.nanoTime() < window.to) {
                once();
            }
            return this;
        }

        private void once() {
            long started = System.nanoTime();
            boolean counted = started >= window.from;
            HttpURLConnection connection = null;
            try {
                connection = (HttpURLConnection) url.openConnection();
                connection.setConnectTimeout(10_000);
                connection.setReadTimeout(60_000);
                long expected = settings.sizeBytes();
                if (settings.ranges()) {
                    connection.setRequestProperty("Range", settings.randomRange(ThreadLocalRandom.current()));
                    expected = settings.rangeBytes();
                }
                int status = connection.getResponseCode();
                if (status != (settings.ranges() ? 206 : 200)) {
                    window.error(counted, "HTTP " + status);
                    drain(connection.getErrorStream());
                    return;
                }
                long received = 0;
                boolean first = true;
                try (InputStream body = connection.getInputStream()) {
                    for (int read; (read = body.read(buffer)) > 0; ) {
                        long now = System.nanoTime();
                        if (first && counted) {
                            ttfb.recordValue(Math.min(HIGHEST_MICROS, (now - started) / 1000));
                        }
                        first = false;
                        if (now >= window.from && now < window.to) {
                            window.bytes.add(read);
                        }
                        received += read;
                        if (now >= window.to) {
                            if (received < expected) {
                                window.unfinished.increment();
                                connection.disconnect();
                                return;
                            }
                            break;
                        }
                    }
                }
                if (received != expected) {
                    window.error(counted, "body of " + received + " bytes instead of " + expected);
                    return;
                }
                if (counted && System.nanoTime() <= window.to) {
                    window.requests.increment();
                    time.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - started) / 1000));
                }
            } catch (IOException e) {
                window.error(counted && System.nanoTime() < window.to, e.getClass().getSimpleName());
                if (connection != null) {
                    connection.disconnect();
                }
                pause();
            }
        }

        private static void drain(InputStream stream) throws IOException {
            if (stream != null) {
                try (stream) {
                    stream.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }

        /** After an I/O error (e.g. connection refused), so a failing server does not spin the client. */
        private static void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
