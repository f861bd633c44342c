package dev.callvault.platform.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Object storage, {@code callvault.storage.s3.*} (contract keys, {@code shared/design/ARCHITECTURE.md},
 * "Configuration"), the same for every service that reads or writes the recordings bucket.
 *
 * @param endpoint  S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key (never logged)
 * @param bucket    bucket of the recordings (default {@code recordings}); used when an event or entry names none
 * @param region     region used to sign requests (default {@code us-east-1})
 * @param encryption server-side encryption of every object put ({@code callvault.storage.s3.encryption.*}, default
 *                   SSE-S3); checked at start-up by {@link ObjectEncryption}
 */
@Validated
@ConfigurationProperties("callvault.storage.s3")
public record ObjectStorageProperties(
        @NotBlank String endpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @NotBlank @DefaultValue("recordings") String bucket,
        @NotBlank @DefaultValue("us-east-1") String region,
        @Valid @DefaultValue Encryption encryption) {

    @Override
    public String toString() {
        return "ObjectStorageProperties[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + ", encryption=" + encryption + "]";
    }

    /**
     * Server-side encryption at rest, {@code callvault.storage.s3.encryption.*}: how the store encrypts every object
     * CallVault puts (Amazon S3 User Guide, "Protecting data with server-side encryption").
     *
     * @param mode          {@code sse-s3} (default: keys managed by the store, header
     *                      {@code x-amz-server-side-encryption: AES256}), {@code sse-kms} (a KMS key,
     *                      {@code aws:kms} with {@code x-amz-server-side-encryption-aws-kms-key-id}), {@code sse-c} (a
     *                      key CallVault holds and sends with every request,
     *                      {@code x-amz-server-side-encryption-customer-*}) or {@code none}
     * @param kmsKeyId      the KMS key id or ARN; required with {@code sse-kms}
     * @param customerKey   the SSE-C key: base64 of exactly 32 bytes (AES-256); required with {@code sse-c}; a secret,
     *                      never logged
     * @param customerKeyId a name for the SSE-C key (e.g. {@code recordings-2026-11}), recorded with each object in the
     *                      catalog so that rotation can tell which key opens which object; required with {@code sse-c};
     *                      never the key itself
     */
    public record Encryption(
            @NotNull @DefaultValue("sse-s3") EncryptionMode mode,
            String kmsKeyId,
            String customerKey,
            String customerKeyId) {

        @Override
        public String toString() {
            return "Encryption[mode=" + mode + ", kmsKeyId=" + kmsKeyId + ", customerKey="
                    + (customerKey == null || customerKey.isBlank() ? "<unset>" : "<set>") + ", customerKeyId="
                    + customerKeyId + "]";
        }
    }
}
