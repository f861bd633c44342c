package dev.callvault.platform.storage;

import jakarta.validation.constraints.NotBlank;
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
 * @param region    region used to sign requests (default {@code us-east-1})
 */
@Validated
@ConfigurationProperties("callvault.storage.s3")
public record ObjectStorageProperties(
        @NotBlank String endpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @NotBlank @DefaultValue("recordings") String bucket,
        @NotBlank @DefaultValue("us-east-1") String region) {

    @Override
    public String toString() {
        return "ObjectStorageProperties[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
