package dev.callvault.fetch.upload;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.platform.storage.EncryptionMode;
import dev.callvault.platform.storage.ObjectEncryption;
import dev.callvault.platform.storage.ObjectStorageProperties;
import dev.callvault.platform.storage.RecordingTombstones;
import io.minio.MinioClient;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * An object store that cannot be reached is our infrastructure's failure, never the recording's: the worker must see
 * a {@link StorageException} (retried until the store answers), not a runtime exception that would dead-letter the
 * event. MinIO 9 reports a refused connection as an {@link IllegalStateException}.
 */
class RecordingStoreTests {

    @Test
    void shouldReportAnUnreachableObjectStoreAsStorageFailure() throws Exception {
        // given a store on a loopback port where nothing listens
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials("key", "secret").region("us-east-1")
                .build();
        ObjectStorageProperties storage = new ObjectStorageProperties(endpoint, "key", "secret", "recordings",
                "us-east-1", new ObjectStorageProperties.Encryption(EncryptionMode.SSE_S3, null, null, null));
        ObjectEncryption encryption = ObjectEncryption.of(storage);
        RecordingStore store = new RecordingStore(client, encryption,
                new RecordingTombstones(client, encryption, storage), storage,
                new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 1, DataSize.ofMegabytes(8), null,
                        null, 1, null, 64, DataSize.ofMegabytes(64), DataSize.ofGigabytes(4)), new UploadMemory(64L << 20));

        // when a recording is looked up, then the failure is the store's, retried as infrastructure
        assertThatThrownBy(() -> store.find("acme/2026/11/22/" + java.util.UUID.randomUUID() + ".mp3"))
                .isInstanceOf(StorageException.class)
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("cannot stat recordings/acme/2026/11/22/");
    }
}
