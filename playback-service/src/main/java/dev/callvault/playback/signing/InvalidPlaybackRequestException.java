package dev.callvault.playback.signing;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 400 problem detail: the body of a playback-URL request names an invalid {@code ttlSeconds} or disposition. */
class InvalidPlaybackRequestException extends ErrorResponseException {

    InvalidPlaybackRequestException(String detail) {
        super(HttpStatus.BAD_REQUEST, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid playback URL request");
        return problem;
    }
}
