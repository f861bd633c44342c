package dev.callvault.audit.log;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An audit-events query whose filters contradict each other: 400 problem detail. */
public class InvalidAuditQueryException extends ErrorResponseException {

    /**
     * @param detail what is wrong, for the caller
     */
    public InvalidAuditQueryException(String detail) {
        super(HttpStatus.BAD_REQUEST, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid audit query");
        return problem;
    }
}
