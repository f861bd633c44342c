package dev.callvault.storage.objects;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Object storage, {@code callvault.storage.s3.*} (contract keys, the same as fetch-worker's and playback-service's).
 *
 * @param endpoint  S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key (never logged)
 * @param bucket    bucket of the recordings (default {@code recordings}); used when an entry names none
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
