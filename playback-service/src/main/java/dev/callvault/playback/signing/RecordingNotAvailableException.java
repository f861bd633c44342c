package dev.callvault.playback.signing;

import dev.callvault.playback.readmodel.RecordingStatus;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 409 problem detail: the recording exists but cannot be played back in its current status; the problem carries a
 * {@code status} member with that status ({@code PENDING}, {@code FAILED}, {@code UNAVAILABLE}, {@code DELETED}).
 */
public class RecordingNotAvailableException extends ErrorResponseException {

    /**
     * @param recordingId the recording
     * @param status      its current status
     */
    public RecordingNotAvailableException(UUID recordingId, RecordingStatus status) {
        super(HttpStatus.CONFLICT, problem(recordingId, status), null);
    }

    private static ProblemDetail problem(UUID recordingId, RecordingStatus status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Recording " + recordingId + " is " + status + ", not AVAILABLE");
        problem.setTitle("Recording not available");
        problem.setProperty("status", status.name());
        return problem;
    }
}
