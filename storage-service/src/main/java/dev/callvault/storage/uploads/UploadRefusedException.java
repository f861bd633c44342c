package dev.callvault.storage.uploads;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload that ends without a recording, answered as an RFC 9457 problem detail. Whatever the reason, nothing of it
 * is left: no object, no catalog entry, no event. The problem's {@code type} is
 * {@code https://callvault.dev/problems/upload-<reason>} so that clients can tell the reasons apart.
 */
public class UploadRefusedException extends ErrorResponseException {

    private final String message;

    private UploadRefusedException(HttpStatusCode status, String title, String reason, String detail,
            Throwable cause) {
        super(status, problem(status, title, reason, detail), cause);
        this.message = detail;
    }

    private static ProblemDetail problem(HttpStatusCode status, String title, String reason, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://callvault.dev/problems/upload-" + reason));
        return problem;
    }

    /**
     * @param detail what is wrong with the request (a missing or malformed field)
     * @return 400 Bad Request
     */
    static UploadRefusedException invalid(String detail) {
        return new UploadRefusedException(HttpStatus.BAD_REQUEST, "Invalid upload", "invalid", detail, null);
    }

    /**
     * @param limitBytes the tenant's limit, bytes
     * @return 413 Content Too Large (RFC 9110 section 15.5.14)
     */
    static UploadRefusedException tooLarge(long limitBytes) {
        return new UploadRefusedException(HttpStatus.PAYLOAD_TOO_LARGE, "Recording too large", "too-large",
                "the recording exceeds this tenant's upload limit of " + limitBytes + " bytes", null);
    }

    /**
     * @param detail what was sniffed and what was declared
     * @return 415 Unsupported Media Type (RFC 9110 section 15.5.16)
     */
    static UploadRefusedException unsupportedType(String detail) {
        return new UploadRefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported recording type",
                "unsupported-type", detail, null);
    }

    /**
     * @param detail which recording exists already
     * @return 409 Conflict
     */
    static UploadRefusedException conflict(String detail) {
        return new UploadRefusedException(HttpStatus.CONFLICT, "Recording exists", "conflict", detail, null);
    }

    /**
     * @param detail which upload is busy
     * @return 423 Locked (RFC 4918 section 11.3): another request is writing the same upload; retry later
     */
    static UploadRefusedException locked(String detail) {
        return new UploadRefusedException(HttpStatus.LOCKED, "Upload busy", "locked", detail, null);
    }

    /**
     * @param cause the store's refusal
     * @return 507 Insufficient Storage (RFC 4918 section 11.5)
     */
    static UploadRefusedException insufficientStorage(Throwable cause) {
        return new UploadRefusedException(HttpStatus.INSUFFICIENT_STORAGE, "Insufficient storage",
                "insufficient-storage", "object storage refused the recording for lack of space or quota; nothing "
                        + "was stored", cause);
    }

    /**
     * @param detail what could not be done
     * @param cause  the failure
     * @return 503 Service Unavailable: the store or the broker failed; nothing was kept, the upload may be repeated
     */
    static UploadRefusedException unavailable(String detail, Throwable cause) {
        return new UploadRefusedException(HttpStatus.SERVICE_UNAVAILABLE, "Upload not completed", "unavailable",
                detail + "; nothing was kept, try again later", cause);
    }

    @Override
    public String getMessage() {
        return message;
    }
}
