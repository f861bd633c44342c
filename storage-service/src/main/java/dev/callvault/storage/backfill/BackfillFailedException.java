package dev.callvault.storage.backfill;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Publishing the fetch requests failed part-way: 503 problem detail that says how many went out and that repeating
 * the backfill is safe (fetching is idempotent), with the count as the extension member {@code requested}.
 */
class BackfillFailedException extends ErrorResponseException {

    /**
     * @param requested fetch requests the broker acknowledged before the failure
     * @param cause     the publishing failure
     */
    BackfillFailedException(long requested, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(requested), cause);
    }

    private static ProblemDetail problem(long requested) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Publishing the fetch requests failed after " + requested + " were acknowledged; some of the others"
                        + " may have been published as well. Fetching is idempotent: repeat the backfill.");
        problem.setTitle("Backfill interrupted");
        problem.setProperty("requested", requested);
        return problem;
    }
}
