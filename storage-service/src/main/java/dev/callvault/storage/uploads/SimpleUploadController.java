package dev.callvault.storage.uploads;

import dev.callvault.platform.security.DashboardClaims;
import dev.callvault.storage.catalog.Recording;
import dev.callvault.storage.catalog.RecordingResponse;
import dev.callvault.storage.catalog.RecordingResponses;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/recordings}: one {@code multipart/form-data} request (RFC 7578) carrying a recording and its call,
 * scope {@code recordings:write}, streamed straight into the bucket (Apache Commons FileUpload's streaming API, no
 * temporary file, no body in memory; Spring's own multipart resolution is off, {@code spring.servlet.multipart.enabled
 * =false}).
 *
 * <p>The form's fields ({@link UploadMetadata}: {@code callId} required, then optionally {@code callStartedAt},
 * {@code callEndedAt}, {@code durationSeconds}, {@code channels}, {@code direction}, {@code agentId}, {@code from},
 * {@code to}) must come <em>before</em> the file part, whatever its name, as S3's browser-based POST form requires of
 * its file (Amazon S3 API Reference, "POST Object"): the recording is stored while it arrives, so the call must be
 * known first. Parts after the file are not read. Each field is at most 1 KiB, is one of those names (another name
 * answers 400) and comes once (a repeat answers 400), so the fields held before the file are at most nine.
 *
 * <p>Answers: 201 with {@code Location: /v1/recordings/{id}} and the catalog entry; 400 for a malformed form or
 * field; 409 when the call has a recording already (or an upload of it is in progress: uploading a call again is
 * refused, never an overwrite); 413 when the body passes the tenant's limit (up front from {@code Content-Length},
 * or while streaming); 415 when the bytes are not accepted audio or the declared type or extension disagrees; 507
 * when the store refuses for space; 503 when the store or the broker fails.
 */
@RestController
class SimpleUploadController {

    /** Longest form field, bytes. */
    static final int MAX_FIELD_BYTES = 1024;

    /** Room for the form's fields, boundaries and part headers around the file, bytes. */
    static final long FORM_OVERHEAD_BYTES = 64 * 1024;

    private final RecordingUploads uploads;
    private final UploadRows rows;
    private final UploadProperties properties;
    private final Clock clock;
    private final RecordingResponses responses;

    SimpleUploadController(RecordingUploads uploads, UploadRows rows, UploadProperties properties, Clock clock,
            RecordingResponses responses) {
        this.uploads = uploads;
        this.rows = rows;
        this.properties = properties;
        this.clock = clock;
        this.responses = responses;
    }

    @PostMapping(path = "/v1/recordings", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<RecordingResponse> upload(HttpServletRequest request, @AuthenticationPrincipal Jwt jwt)
            throws IOException {
        String tenantId = DashboardClaims.tenantId(jwt);
        long limit = properties.maxSizeOf(tenantId);
        if (request.getContentLengthLong() > limit + FORM_OVERHEAD_BYTES) {
            throw UploadRefusedException.tooLarge(limit);
        }
        FileItemInputIterator parts;
        try {
            parts = new JakartaServletFileUpload<>().getItemIterator(request);
        } catch (FileUploadException e) {
            throw UploadRefusedException.invalid("the body is not a well-formed multipart/form-data request");
        }
        Map<String, String> fields = new HashMap<>();
        try {
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (part.isFormField()) {
                    String name = part.getFieldName();
                    if (!UploadMetadata.FIELDS.contains(name)) {
                        throw UploadRefusedException.invalid("form field '" + name + "' is not one of "
                                + new java.util.TreeSet<>(UploadMetadata.FIELDS));
                    }
                    if (fields.putIfAbsent(name, field(part)) != null) {
                        throw UploadRefusedException.invalid("form field '" + name + "' is sent more than once");
                    }
                    continue;
                }
                Recording recording = store(tenantId, jwt.getSubject(), UploadMetadata.parse(tenantId, fields), part);
                return ResponseEntity.created(URI.create("/v1/recordings/" + recording.getId()))
                        .body(responses.of(recording));
            }
        } catch (FileUploadException e) {
            throw UploadRefusedException.invalid("the body is not a well-formed multipart/form-data request");
        }
        throw UploadRefusedException.invalid("the form has no file part (the recording)");
    }

    private Recording store(String tenantId, String subject, UploadMetadata metadata, FileItemInput file)
            throws IOException {
        uploads.requireNew(metadata);
        Instant now = clock.instant();
        UploadRow claim = new UploadRow(UUID.randomUUID(), metadata.recordingId(), tenantId, subject, false, null, 0,
                null, 0, 0, now, now.plus(properties.expiration()));
        rows.insert(claim);
        try (InputStream body = file.getInputStream()) {
            return uploads.store(tenantId, subject, metadata, file.getContentType(), file.getName(), body);
        } finally {
            rows.delete(claim.id());
        }
    }

    private static String field(FileItemInput part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] value = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (value.length > MAX_FIELD_BYTES) {
                throw UploadRefusedException.invalid("form field '" + part.getFieldName() + "' is longer than "
                        + MAX_FIELD_BYTES + " bytes");
            }
            return new String(value, StandardCharsets.UTF_8);
        }
    }
}
