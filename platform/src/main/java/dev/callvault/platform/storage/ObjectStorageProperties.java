package dev.callvault.platform.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Object storage, {@code callvault.storage.s3.*} (contract keys, {@code docs/architecture.md},
 * "Configuration"), the same for every service that reads or writes the recordings bucket.
 *
 * @param endpoint  S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key (never logged)
 * @param bucket    bucket of the recordings (default {@code recordings}); used when an event or entry names none
 * @param region     region used to sign requests (default {@code us-east-1})
 * @param encryption server-side encryption of every object put ({@code callvault.storage.s3.encryption.*}, default
 *                   SSE-S3); checked at start-up by {@link ObjectEncryption}
 * @param http       the client's connection pool and concurrency ({@code callvault.storage.s3.http.*})
 */
@Validated
@ConfigurationProperties("callvault.storage.s3")
public record ObjectStorageProperties(
        @NotBlank String endpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @NotBlank @DefaultValue("recordings") String bucket,
        @NotBlank @DefaultValue("us-east-1") String region,
        @Valid @DefaultValue Encryption encryption,
        @Valid @DefaultValue Http http) {

    /** Binds {@code callvault.storage.s3.*}; {@link #http} defaults when absent. */
    @ConstructorBinding
    public ObjectStorageProperties {
        http = http == null ? Http.DEFAULTS : http;
    }

    /**
     * The properties with the default HTTP client settings, for code that builds them by hand.
     *
     * @param endpoint   S3 endpoint URL
     * @param accessKey  access key id
     * @param secretKey  secret access key
     * @param bucket     bucket of the recordings
     * @param region     signing region
     * @param encryption server-side encryption of every object put
     */
    public ObjectStorageProperties(String endpoint, String accessKey, String secretKey, String bucket, String region,
            Encryption encryption) {
        this(endpoint, accessKey, secretKey, bucket, region, encryption, Http.DEFAULTS);
    }

    @Override
    public String toString() {
        return "ObjectStorageProperties[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + ", encryption=" + encryption + ", http=" + http + "]";
    }

    /**
     * The S3 client's HTTP settings. MinIO's client runs every request through OkHttp's asynchronous dispatcher,
     * whose defaults allow 5 concurrent requests per host and keep 5 idle connections: behind a playback service that
     * streams hundreds of ranges at once, requests queued there. The defaults here are sized for hundreds of
     * concurrent streams to one S3 endpoint (OkHttp documentation, {@code Dispatcher} and {@code ConnectionPool}).
     *
     * @param maxConcurrentRequests requests in flight at once to the store (default 512); more wait in the dispatcher
     * @param maxIdleConnections    idle keep-alive connections kept for reuse (default 256)
     * @param keepAlive             how long an idle connection is kept (default 5 minutes)
     * @param connectTimeout        how long opening a connection to the store may take (default 10 seconds)
     * @param readTimeout           how long one read of a response may wait for bytes (default 60 seconds; MinIO's
     *                              own default of 5 minutes let a stalled store hold a fetch or a playback silently)
     * @param writeTimeout          how long one write of a request body may wait (default 60 seconds)
     */
    public record Http(
            @Min(1) @DefaultValue("512") int maxConcurrentRequests,
            @Min(0) @DefaultValue("256") int maxIdleConnections,
            @NotNull @DefaultValue("PT5M") Duration keepAlive,
            @NotNull @DefaultValue("PT10S") Duration connectTimeout,
            @NotNull @DefaultValue("PT60S") Duration readTimeout,
            @NotNull @DefaultValue("PT60S") Duration writeTimeout) {

        /** The defaults, as bound when nothing is set. */
        public static final Http DEFAULTS = new Http(512, 256, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(60));
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
