package dev.callvault.ingest.vapi;

import dev.callvault.ingest.webhook.WebhookRejectedException;
import org.springframework.http.HttpStatus;

/**
 * 400: an end-of-call report names a recording URL outside {@code callvault.providers.vapi.recording-hosts} (or
 * plain http on a host admitted only through a wildcard). Nothing is published, so the fetch worker never requests it.
 */
public class RecordingHostNotAllowedException extends WebhookRejectedException {

    /**
     * @param path the report field that holds the URL, e.g. {@code message.artifact.stereoRecordingUrl}; the URL
     *             itself is not repeated, since a pre-signed URL is a credential
     */
    public RecordingHostNotAllowedException(String path) {
        super(HttpStatus.BAD_REQUEST, "Recording URL not allowed", path
                + " points to a host outside callvault.providers.vapi.recording-hosts, or is not https.");
    }
}
