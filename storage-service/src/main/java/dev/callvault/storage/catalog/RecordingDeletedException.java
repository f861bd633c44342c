package dev.callvault.storage.catalog;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The recording is deleted, so it cannot be put on legal hold: 409 problem detail. */
public class RecordingDeletedException extends ErrorResponseException {

    /**
     * @param recordingId the deleted recording
     */
    public RecordingDeletedException(UUID recordingId) {
        super(HttpStatus.CONFLICT, problem(recordingId), null);
    }

    private static ProblemDetail problem(UUID recordingId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "recording " + recordingId + " is deleted; there is nothing left to hold");
        problem.setTitle("Recording deleted");
        return problem;
    }
}
