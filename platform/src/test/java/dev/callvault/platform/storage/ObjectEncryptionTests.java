package dev.callvault.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.events.ServerSideEncryption;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Start-up checks of {@code callvault.storage.s3.encryption.*}: a wrong setting fails fast with a message naming the
 * property, never the key.
 */
class ObjectEncryptionTests {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void shouldSendSseS3OnWritesByDefault() {
        // given the defaults, when the encryption is built
        ObjectEncryption encryption = ObjectEncryption.of(properties("http://127.0.0.1:9000", null));

        // then writes carry x-amz-server-side-encryption: AES256 and reads carry nothing
        assertThat(encryption.mode()).isEqualTo(EncryptionMode.SSE_S3);
        assertThat(encryption.mode().toEvent()).isEqualTo(ServerSideEncryption.SSE_S3);
        assertThat(encryption.forWrite().headers().get("X-Amz-Server-Side-Encryption")).containsExactly("AES256");
        assertThat(encryption.forRead()).isNull();
        assertThat(encryption.keyId()).isEmpty();
    }

    @Test
    void shouldSendTheCustomerKeyOnWritesAndReadsWithSseC() {
        // given SSE-C with a 32-byte key over https
        ObjectEncryption encryption = ObjectEncryption.of(properties("https://s3.example.com",
                new ObjectStorageProperties.Encryption(EncryptionMode.SSE_C, null, KEY, "recordings-2026-11")));

        // then writes and reads carry the key, and the key id is the name, not the key
        assertThat(encryption.forWrite().headers().get("X-Amz-Server-Side-Encryption-Customer-Algorithm"))
                .containsExactly("AES256");
        assertThat(encryption.forRead()).isSameAs(encryption.forWrite());
        assertThat(encryption.keyId()).contains("recordings-2026-11");
        assertThat(encryption.toString()).doesNotContain(KEY);
    }

    @Test
    void shouldRejectACustomerKeyThatIsNot32Bytes() {
        // given a 16-byte key, when built, then start-up fails naming the property and the length, not the key
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ObjectEncryption.of(properties("https://s3.example.com",
                new ObjectStorageProperties.Encryption(EncryptionMode.SSE_C, null, shortKey, "k1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("callvault.storage.s3.encryption.customer-key")
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void shouldRejectSseKmsWithoutAKeyId() {
        // given sse-kms without a key id, when built, then start-up fails naming the missing property
        assertThatThrownBy(() -> ObjectEncryption.of(properties("https://s3.example.com",
                new ObjectStorageProperties.Encryption(EncryptionMode.SSE_KMS, " ", null, null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("callvault.storage.s3.encryption.kms-key-id");
    }

    @Test
    void shouldRejectSseCAndSseKmsOverPlainHttp() {
        // given keys to send over http, when built, then start-up fails: S3 and the MinIO client need https
        assertThatThrownBy(() -> ObjectEncryption.of(properties("http://127.0.0.1:9000",
                new ObjectStorageProperties.Encryption(EncryptionMode.SSE_C, null, KEY, "k1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs an https callvault.storage.s3.endpoint");
        assertThatThrownBy(() -> ObjectEncryption.of(properties("http://127.0.0.1:9000",
                new ObjectStorageProperties.Encryption(EncryptionMode.SSE_KMS, "key-1", null, null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs an https callvault.storage.s3.endpoint");
    }

    private static ObjectStorageProperties properties(String endpoint, ObjectStorageProperties.Encryption encryption) {
        return new ObjectStorageProperties(endpoint, "access", "secret", "recordings", "us-east-1",
                encryption == null ? new ObjectStorageProperties.Encryption(EncryptionMode.SSE_S3, null, null, null)
                        : encryption);
    }
}
