package dev.callvault.playback.access;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503 problem detail with {@code Retry-After}: the access could not be audited (the broker did not acknowledge the
 * {@code RecordingAccessed} in time), so nothing is answered that depends on it: no URL, no audio byte.
 */
public class AuditUnavailableException extends ErrorResponseException {

    /** Seconds a client should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final String reason;

    AuditUnavailableException(String reason, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
        this.reason = reason;
        getHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    /** @return why the audit failed (for logs; no payload, no secrets) */
    public String reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return "503 Audit unavailable: " + reason;
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The access could not be recorded in the audit log; nothing was served. Try again later.");
        problem.setTitle("Audit unavailable");
        return problem;
    }
}
