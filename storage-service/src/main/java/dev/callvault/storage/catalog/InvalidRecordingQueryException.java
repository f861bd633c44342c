package dev.callvault.storage.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A list query whose filters contradict each other: 400 problem detail. */
public class InvalidRecordingQueryException extends ErrorResponseException {

    /**
     * @param detail what is wrong, for the caller
     */
    public InvalidRecordingQueryException(String detail) {
        super(HttpStatus.BAD_REQUEST, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid recordings query");
        return problem;
    }
}
