package dev.callvault.playback.streaming;

import dev.callvault.playback.readmodel.RecordingStatus;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A stream request that gets no audio, as a problem detail: 403 for a missing, malformed, unknown-key, tampered or
 * expired signature (also for an unknown recording, so that ids cannot be probed), 404 for a deleted recording (issue 5: a URL
 * minted before an erasure answers 403 or 404; the problem's {@code status} property says {@code DELETED}), 409
 * for any other status that is not {@code AVAILABLE}, 416 with {@code Content-Range: bytes *}{@code /<length>} for an
 * unsatisfiable range, 429 with {@code Retry-After} for a client beyond its allowance of refusals
 * ({@link RefusalLimiter}).
 */
class StreamRefusedException extends ErrorResponseException {

    private StreamRefusedException(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    static StreamRefusedException forbidden() {
        return new StreamRefusedException(HttpStatus.FORBIDDEN, "Invalid stream URL",
                "The URL's signature is missing, invalid or expired; ask for a new playback URL.");
    }

    static StreamRefusedException notPlayable(UUID recordingId, RecordingStatus status) {
        StreamRefusedException refused = status == RecordingStatus.DELETED
                ? new StreamRefusedException(HttpStatus.NOT_FOUND, "Recording deleted",
                        "Recording " + recordingId + " was deleted.")
                : new StreamRefusedException(HttpStatus.CONFLICT, "Recording not available",
                        "Recording " + recordingId + " is " + status + ", not AVAILABLE.");
        refused.getBody().setProperty("status", status.name());
        return refused;
    }

    static StreamRefusedException renditionMissing(UUID recordingId, String rendition) {
        StreamRefusedException refused = new StreamRefusedException(HttpStatus.NOT_FOUND, "Rendition not found",
                "Recording " + recordingId + " has no " + rendition + " rendition of its current object.");
        refused.getBody().setProperty("rendition", rendition);
        return refused;
    }

    static StreamRefusedException rangeNotSatisfiable(long length) {
        StreamRefusedException refused = new StreamRefusedException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "Range not satisfiable", "No requested range overlaps the " + length + " bytes of the recording.");
        refused.getHeaders().set("Content-Range", "bytes */" + length);
        refused.getHeaders().set("Accept-Ranges", "bytes");
        return refused;
    }

    static StreamRefusedException tooManyRefusals(java.time.Duration window) {
        StreamRefusedException refused = new StreamRefusedException(HttpStatus.TOO_MANY_REQUESTS,
                "Too many refused stream URLs", "This client had too many stream URLs refused; try again later with"
                        + " a URL from the playback API.");
        refused.getHeaders().set("Retry-After", Long.toString(Math.max(1, window.toSeconds())));
        return refused;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
