package dev.callvault.playback.streaming;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Object storage could not open the recording's object before anything was sent: 503 problem detail with
 * {@code Retry-After} (store unreachable or failing), or 404 when the object is missing although the read model says
 * it is stored.
 */
class ObjectStorageException extends ErrorResponseException {

    private ObjectStorageException(HttpStatus status, String title, String detail, Throwable cause) {
        super(status, problem(status, title, detail), cause);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            getHeaders().set("Retry-After", "5");
        }
    }

    static ObjectStorageException unavailable(Throwable cause) {
        return new ObjectStorageException(HttpStatus.SERVICE_UNAVAILABLE, "Object storage unavailable",
                "The recording could not be read from object storage. Try again later.", cause);
    }

    static ObjectStorageException missing(Throwable cause) {
        return new ObjectStorageException(HttpStatus.NOT_FOUND, "Recording object missing",
                "The recording's object is not in object storage.", cause);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
