package dev.callvault.playback.peaks;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 problem detail: the recording has no waveform peaks of its current object (not analysed yet, or deleted). */
class PeaksNotFoundException extends ErrorResponseException {

    /**
     * @param recordingId the recording asked for
     */
    PeaksNotFoundException(UUID recordingId) {
        super(HttpStatus.NOT_FOUND, problem(recordingId), null);
    }

    private static ProblemDetail problem(UUID recordingId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Recording " + recordingId + " has no waveform peaks (yet): media-worker has not analysed it");
        problem.setTitle("Peaks not found");
        return problem;
    }
}
