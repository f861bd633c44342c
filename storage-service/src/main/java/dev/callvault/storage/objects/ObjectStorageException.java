package dev.callvault.storage.objects;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Object storage could not delete an object: 503 problem detail when it ends an HTTP request (nothing changed in the
 * catalog; repeating the request is safe), a counted failure in a retention run (retried on the next run).
 */
public class ObjectStorageException extends ErrorResponseException {

    private final String message;

    /**
     * @param message what failed (bucket and key, never credentials)
     * @param cause   the client's exception
     */
    public ObjectStorageException(String message, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
        this.message = message;
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "object storage could not delete the recording's object; nothing was changed, try again later");
        problem.setTitle("Object storage unavailable");
        return problem;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
