package dev.callvault.fetch.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.Provider;
import dev.callvault.fetch.FetchProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Retry-After parsing, base URL confinement and the body read timeout. */
class ProviderHttpTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void shouldParseRetryAfterInSeconds() {
        assertThat(ProviderHttp.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(ProviderHttp.parseRetryAfter(" 1 ", NOW)).contains(Duration.ofSeconds(1));
    }

    @Test
    void shouldParseRetryAfterAsHttpDate() {
        assertThat(ProviderHttp.parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(ProviderHttp.parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreMalformedRetryAfter() {
        assertThat(ProviderHttp.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(ProviderHttp.parseRetryAfter("-5", NOW)).isEmpty();
    }

    @Test
    void shouldFailAStalledBodyAfterTheReadTimeout() throws Exception {
        // given: a server that sends headers and three of the 1000 declared bytes, then nothing
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> stall(server));
            URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
            ProviderHttp http = new ProviderHttp(properties(Duration.ofMillis(400)));
            try (RecordingBody body = http.get(Provider.TWILIO, base, base.resolve("/media.mp3"), Map.of())) {
                // when
                long start = System.nanoTime();
                assertThat(body.stream().readNBytes(3)).containsExactly(1, 2, 3);

                // then
                assertThatThrownBy(() -> body.stream().read()).isInstanceOf(HttpTimeoutException.class)
                        .hasMessageContaining("no body bytes");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            } finally {
                http.destroy();
            }
        }
    }

    private static void stall(ServerSocket server) {
        try (Socket socket = server.accept()) {
            BufferedReader request = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line;
            while ((line = request.readLine()) != null && !line.isEmpty()) {
                // read the request head
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {1, 2, 3});
            out.flush();
            Thread.sleep(10_000);
        } catch (IOException | InterruptedException e) {
            // the client gave up, as it should
        }
    }

    private static FetchProperties properties(Duration readTimeout) {
        return new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 3, DataSize.ofMegabytes(8),
                new FetchProperties.Retry(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(5), 3,
                        Duration.ofSeconds(30)),
                new FetchProperties.RetryTopics(Duration.ofMinutes(1), 2.0, Duration.ofMinutes(30)), 1,
                new FetchProperties.Http(Duration.ofSeconds(2), readTimeout, Duration.ofMinutes(5), 3),
                64, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4));
    }

    @Test
    void shouldPassAStreamingBodyThrough() throws IOException {
        // given
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        PipedOutputStream provider = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(provider);
        provider.write(new byte[] {4, 5});
        provider.close();
        try (GuardedInputStream guarded = new GuardedInputStream(body, scheduler, Duration.ofSeconds(5),
                Duration.ofMinutes(1), System.nanoTime())) {
            // when / then
            assertThat(guarded.readAllBytes()).containsExactly(4, 5);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
