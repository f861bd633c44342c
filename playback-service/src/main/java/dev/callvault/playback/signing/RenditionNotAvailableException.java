package dev.callvault.playback.signing;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409 problem detail: the rendition asked for has not been derived from the recording's current object (yet). */
class RenditionNotAvailableException extends ErrorResponseException {

    /**
     * @param recordingId the recording
     * @param rendition   the rendition asked for
     */
    RenditionNotAvailableException(UUID recordingId, PlaybackRendition rendition) {
        super(HttpStatus.CONFLICT, problem(recordingId, rendition), null);
    }

    private static ProblemDetail problem(UUID recordingId, PlaybackRendition rendition) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Recording " + recordingId
                + " has no " + rendition.wireValue() + " rendition (yet): media-worker has not derived it");
        problem.setTitle("Rendition not available");
        problem.setProperty("rendition", rendition.wireValue());
        return problem;
    }
}
