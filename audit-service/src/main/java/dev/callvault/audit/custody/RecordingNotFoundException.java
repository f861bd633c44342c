package dev.callvault.audit.custody;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The caller's tenant has no event for that recording: 404 problem detail. Another tenant's recording answers the
 * same, so its existence does not leak.
 */
public class RecordingNotFoundException extends ErrorResponseException {

    /**
     * @param recordingId the id asked for
     */
    public RecordingNotFoundException(UUID recordingId) {
        super(HttpStatus.NOT_FOUND, problem(recordingId), null);
    }

    private static ProblemDetail problem(UUID recordingId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no custody events for recording " + recordingId);
        problem.setTitle("Recording not found");
        return problem;
    }
}
