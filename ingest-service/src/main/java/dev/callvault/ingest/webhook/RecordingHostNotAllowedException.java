package dev.callvault.ingest.webhook;

import org.springframework.http.HttpStatus;

/**
 * 400: a webhook names a recording URL outside its provider's {@code recording-hosts} (or plain http on a host
 * admitted only through a wildcard). Nothing is published, so the fetch worker never requests it.
 */
public class RecordingHostNotAllowedException extends WebhookRejectedException {

    /**
     * @param path     the webhook field that holds the URL, e.g. {@code message.artifact.stereoRecordingUrl}
     * @param host     the URL's host ({@link RecordingHostAllowlist#hostOf}); the URL itself is not repeated, since a
     *                 pre-signed URL is a credential
     * @param property the allowlist's configuration key
     */
    public RecordingHostNotAllowedException(String path, String host, String property) {
        super(HttpStatus.BAD_REQUEST, "Recording URL not allowed", path + " points to " + host + ", outside "
                + property + ", or is not https.");
    }
}
