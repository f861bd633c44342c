package dev.callvault.playback.events;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503 problem detail with {@code Retry-After}: this instance holds as many event streams as it accepts; or 429 with
 * {@code Retry-After} (RFC 6585 section 4): the caller's tenant holds as many as one tenant may.
 */
class TooManySubscribersException extends ErrorResponseException {

    TooManySubscribersException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set("Retry-After", "30");
    }

    private TooManySubscribersException(ProblemDetail problem) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        getHeaders().set("Retry-After", "30");
    }

    /** @return the 429 of a tenant at its cap */
    static TooManySubscribersException forTenant() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "Your tenant holds as many open event streams on this instance as one tenant may; close one or try"
                        + " again later.");
        problem.setTitle("Event streams of the tenant exhausted");
        return new TooManySubscribersException(problem);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many open event streams on this instance; try again later.");
        problem.setTitle("Event streams exhausted");
        return problem;
    }
}
