package dev.callvault.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A web page, served on 127.0.0.1 at a free port by the JDK's HTTP server, whose muted {@code <audio>} element plays
 * one URL, seeks to half its duration on the first {@code playing} event, waits for {@code seeked} and then for a
 * {@code timeupdate} at least one second past the target, and reports the outcome by fetching
 * {@code /result?outcome=...} from this server. Outcomes: {@code played} (with {@code duration}, {@code target},
 * {@code seekedAt} and {@code currentTime}, in seconds), {@code error} (with the {@code MediaError}'s {@code code} and
 * {@code message}), {@code no-duration} (the stream's duration is unknown, so there is no middle) and
 * {@code play-rejected} (with the rejection's {@code message}). The audio URL is written into the page, never into a
 * command line or a log.
 */
final class AudioSeekPage implements AutoCloseable {

    private static final String PAGE = """
            <!doctype html>
            <meta charset="utf-8">
            <title>CallVault seek test</title>
            <audio id="audio" muted preload="auto"></audio>
            <script>
            const audio = document.getElementById('audio');
            let target = null, seekedAt = null, reported = false;
            function report(fields) {
              if (reported) return;
              reported = true;
              fetch('/result?' + new URLSearchParams(fields));
            }
            audio.addEventListener('error', () => report({outcome: 'error',
                code: audio.error ? audio.error.code : -1, message: audio.error ? audio.error.message : ''}));
            audio.addEventListener('playing', () => {
              if (target !== null) return;
              if (!isFinite(audio.duration)) { report({outcome: 'no-duration', duration: audio.duration}); return; }
              target = audio.duration / 2;
              audio.currentTime = target;
            });
            audio.addEventListener('seeked', () => { if (seekedAt === null) seekedAt = audio.currentTime; });
            audio.addEventListener('timeupdate', () => {
              if (seekedAt !== null && audio.currentTime > target + 1) {
                report({outcome: 'played', duration: audio.duration, target: target, seekedAt: seekedAt,
                    currentTime: audio.currentTime});
              }
            });
            audio.src = "%s";
            audio.play().catch(e => report({outcome: 'play-rejected', message: String(e)}));
            </script>
            """;

    private final HttpServer server;
    private final ExecutorService executor;
    private final CompletableFuture<Map<String, String>> outcome = new CompletableFuture<>();

    private AudioSeekPage(URI audio) throws IOException {
        byte[] page = PAGE.formatted(javaScriptString(audio.toString())).getBytes(StandardCharsets.UTF_8);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            if ("/".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 200, "text/html; charset=utf-8", page);
            } else {
                respond(exchange, 404, "text/plain", new byte[0]);
            }
        });
        server.createContext("/result", exchange -> {
            outcome.complete(query(exchange.getRequestURI().getRawQuery()));
            respond(exchange, 204, "text/plain", new byte[0]);
        });
        server.start();
    }

    /**
     * Serves the page.
     *
     * @param audio the URL the {@code <audio>} element plays
     * @return the started server
     * @throws UncheckedIOException if no port can be bound on 127.0.0.1
     */
    static AudioSeekPage serve(URI audio) {
        try {
            return new AudioSeekPage(audio);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the page's URL, {@code http://127.0.0.1:<port>/} */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Waits for the page's report.
     *
     * @param timeout how long to wait
     * @return the reported fields, {@code outcome} first
     * @throws TimeoutException     if the page reported nothing in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Map<String, String> awaitOutcome(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** The body of a double-quoted JavaScript string literal: anything but letters and digits as a \\u escape. */
    private static String javaScriptString(String value) {
        StringBuilder escaped = new StringBuilder(value.length() * 2);
        for (char c : value.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                escaped.append(c);
            } else {
                escaped.append(String.format("\\u%04x", (int) c));
            }
        }
        return escaped.toString();
    }
}
