package dev.callvault.storage.lifecycle;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The catalog change was made but the broker did not acknowledge its lifecycle event: 503 problem detail. Repeating
 * the same request is safe and publishes the event again; a deletion's event is also re-published by the next
 * retention run.
 */
class LifecycleEventNotPublishedException extends ErrorResponseException {

    LifecycleEventNotPublishedException(String done, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(done), cause);
    }

    private static ProblemDetail problem(String done) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, done
                + ", but its event was not acknowledged by the broker; repeat the request to publish it");
        problem.setTitle("Lifecycle event not published");
        return problem;
    }
}
