package dev.callvault.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The object store's HTTP client gives up on a store that stops answering: its read timeout
 * ({@code callvault.storage.s3.http.read-timeout}) ends the request with an error instead of MinIO's default of
 * five minutes of silence.
 */
class ObjectStorageTimeoutTests {

    @Test
    void shouldFailARequestToAStoreThatAcceptsButNeverAnswersOnceTheReadTimeoutPasses() throws Exception {
        // given a "store" that accepts connections, reads nothing and answers nothing, and a read timeout of 1 s
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            ObjectStorageProperties.Http http = new ObjectStorageProperties.Http(8, 2, Duration.ofMinutes(1),
                    Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
            OkHttpClient httpClient = ObjectStorageConfiguration.httpClient(http);
            MinioClient client = MinioClient.builder().endpoint("http://127.0.0.1:" + silent.getLocalPort())
                    .credentials("access", "secret").region("us-east-1").httpClient(httpClient, true).build();

            // when a HEAD is sent, then it fails with the read timeout, well within MinIO's default of 5 minutes
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.statObject(StatObjectArgs.builder().bucket("recordings")
                    .object("acme/2026/12/07/a.mp3").build()))
                    .hasRootCauseInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
            assertThat(httpClient.readTimeoutMillis()).isEqualTo(1_000);
            assertThat(httpClient.connectTimeoutMillis()).isEqualTo(2_000);
            assertThat(httpClient.writeTimeoutMillis()).isEqualTo(1_000);
            client.close();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void shouldBindTimeoutsOfSecondsByDefault() {
        // given nothing set, when the defaults apply, then the timeouts are bounded
        OkHttpClient httpClient = ObjectStorageConfiguration.httpClient(ObjectStorageProperties.Http.DEFAULTS);

        assertThat(httpClient.connectTimeoutMillis()).isEqualTo(10_000);
        assertThat(httpClient.readTimeoutMillis()).isEqualTo(60_000);
        assertThat(httpClient.writeTimeoutMillis()).isEqualTo(60_000);
    }
}
