package dev.callvault.storage.lifecycle;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A deletion was asked for a recording on legal hold: 409 problem detail; nothing was changed. */
class LegalHoldConflictException extends ErrorResponseException {

    LegalHoldConflictException(UUID recordingId) {
        super(HttpStatus.CONFLICT, problem(recordingId), null);
    }

    private static ProblemDetail problem(UUID recordingId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "recording " + recordingId
                + " is on legal hold and cannot be deleted until the hold is released");
        problem.setTitle("Recording on legal hold");
        return problem;
    }
}
