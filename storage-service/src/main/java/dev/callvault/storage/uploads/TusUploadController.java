package dev.callvault.storage.uploads;

import dev.callvault.platform.security.DashboardClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.upload.UploadInfo;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/uploads}: resumable uploads by the tus 1.0 protocol (tus.io, "Resumable upload protocol 1.0.x"), scope
 * {@code recordings:write}, owned by the caller's tenant. Standard tus clients (tus-js-client, Uppy, tus-java-client)
 * work unchanged: {@code OPTIONS} discovery, creation ({@code POST} with {@code Upload-Length} and
 * {@code Upload-Metadata}), {@code HEAD} for the offset, {@code PATCH} to append, termination ({@code DELETE}) and
 * expiration ({@code Upload-Expires}).
 *
 * <p>{@code Upload-Metadata} carries {@code filename}, {@code filetype} and the call ({@link UploadMetadata}:
 * {@code callId} required). A creation is refused up front, as a problem detail, when the call is missing or
 * malformed or {@code Upload-Length} is missing (400; {@code Upload-Defer-Length} is not supported), has a
 * recording (409), or {@code Upload-Length} passes the tenant's limit (413), or when
 * {@code filetype} or the extension of {@code filename} is no accepted audio type (415). The final {@code PATCH}
 * answers 204 once the recording is stored, or 415/413/507/503 when it is refused, with nothing left.
 */
@RestController
class TusUploadController {

    private final TusFileUploadService tus;
    private final RecordingUploads uploads;
    private final UploadProperties properties;

    TusUploadController(TusFileUploadService tus, RecordingUploads uploads, UploadProperties properties) {
        this.tus = tus;
        this.uploads = uploads;
        this.properties = properties;
    }

    @RequestMapping(path = {TusConfiguration.UPLOADS_PATH, TusConfiguration.UPLOADS_PATH + "/{uploadId}"},
            method = {RequestMethod.OPTIONS, RequestMethod.POST, RequestMethod.HEAD, RequestMethod.PATCH,
                    RequestMethod.DELETE})
    void tus(HttpServletRequest request, HttpServletResponse response, @AuthenticationPrincipal Jwt jwt)
            throws IOException {
        String tenantId = DashboardClaims.tenantId(jwt);
        // tus clients on HttpURLConnection send PATCH as POST with X-HTTP-Method-Override (tus 1.0, "Protocol"); the
        // library acts on the overriding method, so the checks do too: a creation is one however it is spelled
        String override = request.getHeader("X-HTTP-Method-Override");
        String method = override == null || override.isBlank() ? request.getMethod() : override.trim();
        if ("POST".equalsIgnoreCase(method)) {
            checkCreation(request, tenantId);
        }
        TusCaller.runAs(jwt.getSubject(), () -> tus.process(request, response, tenantId));
    }

    private void checkCreation(HttpServletRequest request, String tenantId) {
        UploadInfo declared = new UploadInfo();
        declared.setEncodedMetadata(request.getHeader("Upload-Metadata"));
        Map<String, String> metadata = declared.getMetadata();
        UploadMetadata call = UploadMetadata.parse(tenantId, metadata);
        uploads.requireNew(call);
        String length = request.getHeader("Upload-Length");
        long limit = properties.maxSizeOf(tenantId);
        if (length == null) {
            throw UploadRefusedException.invalid("Upload-Length is required (a deferred length is not supported)");
        }
        try {
            if (Long.parseLong(length.trim()) > limit) {
                throw UploadRefusedException.tooLarge(limit);
            }
        } catch (NumberFormatException e) {
            throw UploadRefusedException.invalid("Upload-Length must be a non-negative whole number of bytes");
        }
        UploadTypes.checkDeclared(metadata.get("filetype"), metadata.get("filename"));
    }
}
