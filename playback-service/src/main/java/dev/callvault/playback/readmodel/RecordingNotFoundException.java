package dev.callvault.playback.readmodel;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 problem detail: the recording does not exist, or belongs to another tenant (never told apart). */
public class RecordingNotFoundException extends ErrorResponseException {

    /**
     * @param recordingId the id asked for
     */
    public RecordingNotFoundException(UUID recordingId) {
        super(HttpStatus.NOT_FOUND, problem(recordingId), null);
    }

    private static ProblemDetail problem(UUID recordingId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Recording " + recordingId + " does not exist");
        problem.setTitle("Recording not found");
        return problem;
    }
}
