package dev.callvault.ingest.telnyx;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the ingest needs to know about Telnyx, {@code callvault.providers.telnyx.*} ({@code docs/architecture.md},
 * "Configuration"). The API base URL of the same prefix ({@code api-base-url}) is the fetch worker's, not read here.
 *
 * @param recordingHosts the hosts that the presigned {@code recording_urls} of a {@code call.recording.saved} webhook
 *                       may point to (contract key {@code callvault.providers.telnyx.recording-hosts},
 *                       comma-separated): an exact host name or {@code *.suffix} for any host below the suffix (not
 *                       the suffix itself); case-insensitive. Default {@code s3.amazonaws.com, *.s3.amazonaws.com}:
 *                       Telnyx keeps recordings in its own S3 buckets and links them path-style
 *                       ({@code https://s3.amazonaws.com/telephony-recorder-prod/...}, Telnyx docs, "Storing call
 *                       recordings", https://developers.telnyx.com/docs/voice/programmable-voice/storing-call-recordings);
 *                       the virtual-hosted form ({@code https://<bucket>.s3.amazonaws.com/...}) names the same
 *                       objects. Accounts that store recordings in their own bucket add its host. See
 *                       {@link dev.callvault.ingest.webhook.RecordingHostAllowlist} for the scheme rules
 */
@Validated
@ConfigurationProperties("callvault.providers.telnyx")
public record TelnyxProviderProperties(
        @NotNull @DefaultValue({"s3.amazonaws.com", "*.s3.amazonaws.com"}) List<String> recordingHosts) {
}
