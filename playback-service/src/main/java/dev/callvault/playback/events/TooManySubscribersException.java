package dev.callvault.playback.events;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 503 problem detail with {@code Retry-After}: this instance holds as many event streams as it accepts. */
class TooManySubscribersException extends ErrorResponseException {

    TooManySubscribersException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set("Retry-After", "30");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many open event streams on this instance; try again later.");
        problem.setTitle("Event streams exhausted");
        return problem;
    }
}
