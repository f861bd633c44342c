package dev.callvault.platform.storage;

import dev.callvault.events.ServerSideEncryption;

/**
 * How object storage encrypts the objects CallVault puts (Amazon S3 User Guide, "Protecting data with server-side
 * encryption"). Configured as {@code none}, {@code sse-s3}, {@code sse-kms} or {@code sse-c}.
 */
public enum EncryptionMode {

    /** No encryption header: the bucket's default encryption, if any, applies. */
    NONE(ServerSideEncryption.NONE),
    /** Keys managed by the store ({@code x-amz-server-side-encryption: AES256}; "Using server-side encryption with
     * Amazon S3 managed keys (SSE-S3)"). */
    SSE_S3(ServerSideEncryption.SSE_S3),
    /** A key of the store's KMS ({@code x-amz-server-side-encryption: aws:kms} and
     * {@code x-amz-server-side-encryption-aws-kms-key-id}; "Using server-side encryption with AWS KMS keys
     * (SSE-KMS)"). */
    SSE_KMS(ServerSideEncryption.SSE_KMS),
    /** A key CallVault holds and sends with every write and read
     * ({@code x-amz-server-side-encryption-customer-algorithm}, {@code -customer-key}, {@code -customer-key-MD5}; "Using server-side encryption with customer-provided keys
     * (SSE-C)"). */
    SSE_C(ServerSideEncryption.SSE_C);

    private final ServerSideEncryption event;

    EncryptionMode(ServerSideEncryption event) {
        this.event = event;
    }

    /** @return the mode as {@code RecordingStored.serverSideEncryption} carries it */
    public ServerSideEncryption toEvent() {
        return event;
    }
}
