package dev.callvault.platform.storage;

import io.minio.ServerSideEncryption;
import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server-side encryption of the recordings bucket, from {@code callvault.storage.s3.encryption.*}, checked once at
 * start-up: what every put, multipart upload and copy sends, and what every read, stat and copy source of an SSE-C
 * object must send.
 *
 * <p>Headers (Amazon S3 User Guide, "Protecting data with server-side encryption"): SSE-S3 sends
 * {@code x-amz-server-side-encryption: AES256} on writes only ("Using server-side encryption with Amazon S3 managed
 * keys"); SSE-KMS sends {@code x-amz-server-side-encryption: aws:kms} and
 * {@code x-amz-server-side-encryption-aws-kms-key-id} on writes only ("Specifying server-side encryption with AWS KMS
 * (SSE-KMS)"); SSE-C sends {@code x-amz-server-side-encryption-customer-algorithm: AES256},
 * {@code -customer-key} (base64 of the 256-bit key) and {@code -customer-key-MD5} on every write <em>and</em> every
 * {@code GetObject}/{@code HeadObject}, and the {@code x-amz-copy-source-server-side-encryption-customer-*} set for a
 * copy's source ("Using server-side encryption with customer-provided keys (SSE-C)"). S3 refuses SSE-C and SSE-KMS
 * requests over plain HTTP, and the MinIO client refuses to send them, so both need an {@code https} endpoint.
 *
 * <p>Never logs or prints the customer key.
 */
public final class ObjectEncryption {

    /** AES-256 key length of SSE-C, bytes. */
    public static final int CUSTOMER_KEY_BYTES = 32;

    private final EncryptionMode mode;
    private final String keyId;
    private final ServerSideEncryption write;
    private final ServerSideEncryption.CustomerKey read;

    private ObjectEncryption(EncryptionMode mode, String keyId, ServerSideEncryption write,
            ServerSideEncryption.CustomerKey read) {
        this.mode = mode;
        this.keyId = keyId;
        this.write = write;
        this.read = read;
    }

    /**
     * Checks the configuration and builds the headers' source.
     *
     * @param properties the object storage configuration
     * @return the encryption of every object put
     * @throws IllegalStateException if {@code sse-kms} has no key id, {@code sse-c} has no key name or a key that is
     *                               not base64 of exactly 32 bytes, or either has an endpoint that is not {@code https}
     *                               (the message names the property, never the key)
     */
    public static ObjectEncryption of(ObjectStorageProperties properties) {
        ObjectStorageProperties.Encryption encryption = properties.encryption();
        EncryptionMode mode = encryption == null || encryption.mode() == null ? EncryptionMode.SSE_S3
                : encryption.mode();
        try {
            return switch (mode) {
                case NONE -> new ObjectEncryption(mode, null, null, null);
                case SSE_S3 -> new ObjectEncryption(mode, null, new ServerSideEncryption.S3(), null);
                case SSE_KMS -> {
                    requireHttps(properties.endpoint(), mode);
                    String keyId = require(encryption.kmsKeyId(), "callvault.storage.s3.encryption.kms-key-id",
                            mode);
                    yield new ObjectEncryption(mode, keyId, new ServerSideEncryption.KMS(keyId, null), null);
                }
                case SSE_C -> {
                    requireHttps(properties.endpoint(), mode);
                    String keyId = require(encryption.customerKeyId(),
                            "callvault.storage.s3.encryption.customer-key-id", mode);
                    byte[] key = customerKey(encryption.customerKey());
                    ServerSideEncryption.CustomerKey customerKey = new ServerSideEncryption.CustomerKey(
                            new SecretKeySpec(key, "AES"));
                    yield new ObjectEncryption(mode, keyId, customerKey, customerKey);
                }
            };
        } catch (io.minio.errors.MinioException e) {
            throw new IllegalStateException("callvault.storage.s3.encryption: the MinIO client refused the "
                    + mode + " settings (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] customerKey(String base64) {
        String property = "callvault.storage.s3.encryption.customer-key";
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException(property + " must be set with encryption mode sse-c (base64 of "
                    + CUSTOMER_KEY_BYTES + " random bytes, e.g. `openssl rand -base64 32`)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not valid base64 (the value is not shown)");
        }
        if (key.length != CUSTOMER_KEY_BYTES) {
            throw new IllegalStateException(property + " must decode to exactly " + CUSTOMER_KEY_BYTES
                    + " bytes (AES-256), not " + key.length);
        }
        return key;
    }

    private static String require(String value, String property, EncryptionMode mode) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " must be set with encryption mode " + name(mode));
        }
        return value.strip();
    }

    private static void requireHttps(String endpoint, EncryptionMode mode) {
        String scheme = endpoint == null ? null : URI.create(endpoint.strip()).getScheme();
        if (!"https".equalsIgnoreCase(scheme)) {
            throw new IllegalStateException("encryption mode " + name(mode) + " needs an https"
                    + " callvault.storage.s3.endpoint (S3 and the MinIO client refuse to send its keys over plain"
                    + " HTTP), not " + endpoint);
        }
    }

    private static String name(EncryptionMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** @return the configured mode */
    public EncryptionMode mode() {
        return mode;
    }

    /**
     * @return which key encrypts new objects: the KMS key id with SSE-KMS, the configured key name with SSE-C (never
     *         key material); empty otherwise
     */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /**
     * @return what to pass to {@code PutObjectArgs.sse}, {@code CopyObjectArgs.sse},
     *         {@code ComposeObjectArgs.sse} and {@code CreateMultipartUploadArgs}'s headers; {@code null} with
     *         {@code none} (the builders accept {@code null})
     */
    public ServerSideEncryption forWrite() {
        return write;
    }

    /**
     * @return what to pass to {@code GetObjectArgs.ssec}, {@code StatObjectArgs.ssec} and {@code SourceObject.ssec}:
     *         the customer key with SSE-C, {@code null} otherwise (the builders accept {@code null})
     */
    public ServerSideEncryption.CustomerKey forRead() {
        return read;
    }

    /**
     * Reads how the store says an object is encrypted from the headers of its {@code PutObject}, {@code CopyObject}
     * or {@code HeadObject} response: {@code x-amz-server-side-encryption-customer-algorithm} means SSE-C (key id:
     * the configured key name), {@code x-amz-server-side-encryption: aws:kms} (or {@code aws:kms:dsse}) SSE-KMS (key
     * id: {@code x-amz-server-side-encryption-aws-kms-key-id}, else the configured one), {@code AES256} SSE-S3, no
     * header none (Amazon S3 API Reference, "HeadObject", response elements).
     *
     * @param headers the response's headers
     * @return the encryption the store applied
     */
    public Applied appliedIn(okhttp3.Headers headers) {
        if (headers.get("x-amz-server-side-encryption-customer-algorithm") != null) {
            return new Applied(EncryptionMode.SSE_C, mode == EncryptionMode.SSE_C ? keyId : null);
        }
        String algorithm = headers.get("x-amz-server-side-encryption");
        if (algorithm == null) {
            return new Applied(EncryptionMode.NONE, null);
        }
        if (algorithm.startsWith("aws:kms")) {
            String kmsKey = headers.get("x-amz-server-side-encryption-aws-kms-key-id");
            return new Applied(EncryptionMode.SSE_KMS, kmsKey != null ? kmsKey
                    : mode == EncryptionMode.SSE_KMS ? keyId : null);
        }
        return new Applied(EncryptionMode.SSE_S3, null);
    }

    /**
     * How one object is encrypted at rest.
     *
     * @param mode  the server-side encryption
     * @param keyId the KMS key id (SSE-KMS) or the configured key name (SSE-C), never key material; {@code null}
     *              otherwise or when unknown
     */
    public record Applied(EncryptionMode mode, String keyId) {
    }

    @Override
    public String toString() {
        return "ObjectEncryption[mode=" + name(mode) + (keyId == null ? "" : ", keyId=" + keyId) + "]";
    }
}
