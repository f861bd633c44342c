package dev.callvault.storage.lifecycle;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /v1/recordings/{recordingId}/legal-hold}.
 *
 * @param reason why the recording is held (a case or matter reference), 1..500 characters, not blank
 */
record LegalHoldRequest(@NotBlank @Size(min = 1, max = 500) String reason) {
}
