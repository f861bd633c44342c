package dev.callvault.playback.streaming;

import dev.callvault.events.AccessAction;
import dev.callvault.events.HttpDates;
import dev.callvault.playback.access.Access;
import dev.callvault.playback.access.AccessAuditor;
import dev.callvault.playback.readmodel.PlaybackRecording;
import dev.callvault.playback.readmodel.RecordingStatus;
import dev.callvault.playback.readmodel.Recordings;
import dev.callvault.playback.signing.Disposition;
import dev.callvault.playback.signing.StreamCredentials;
import dev.callvault.playback.signing.StreamGrant;
import dev.callvault.playback.signing.UrlSigner;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|HEAD /v1/streams/{recordingId}?exp=&kid=&sub=&sig=[&disposition=]}: the signed URL minted by
 * {@code POST /v1/recordings/{id}/playback-url}. No bearer token: the signature is the capability.
 *
 * <p>Order of work: the recording is looked up in the read model (unknown: 403, like a bad signature, and not
 * audited since it names no tenant); the signature is verified against the recording's tenant (bad or expired: 403,
 * audited best-effort with status 403 and the subject the URL claims); the answer is planned by {@link RangePlanner}
 * (200, 206, 304, 416; also 404/409 for a recording that is no longer {@code AVAILABLE}); for a body, the ranged
 * {@code GetObject} is opened; then the {@code RecordingAccessed} ({@code STREAM}, or {@code DOWNLOAD} for
 * {@code disposition=attachment}) with that status is acknowledged by the broker (otherwise 503 and nothing is sent);
 * only then are headers and bytes written, copied from storage in {@value #CHUNK_BYTES}-byte chunks.
 *
 * <p>Headers: {@code Accept-Ranges: bytes}, strong {@code ETag: "<sha256>"}, {@code Last-Modified} (when stored),
 * {@code Content-Type} from the read model, {@code Content-Disposition: attachment; filename="recording-<id>.<ext>"}
 * when asked (RFC 6266; {@code filename*} for a non-ASCII name), {@code Cache-Control: private, max-age=<seconds the
 * URL remains valid>}. A client that goes away mid-stream is normal and logged at debug level.
 */
@RestController
class StreamController {

    /** Bytes copied per read/write: the only buffer a stream holds. */
    static final int CHUNK_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(StreamController.class);
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

    private final Recordings recordings;
    private final UrlSigner signer;
    private final AccessAuditor auditor;
    private final RangedObjectReader objectReader;
    private final Clock clock;

    StreamController(Recordings recordings, UrlSigner signer, AccessAuditor auditor, RangedObjectReader objectReader,
            Clock clock) {
        this.recordings = recordings;
        this.signer = signer;
        this.auditor = auditor;
        this.objectReader = objectReader;
        this.clock = clock;
    }

    @RequestMapping(path = "/v1/streams/{recordingId}", method = {RequestMethod.GET, RequestMethod.HEAD})
    void stream(@PathVariable UUID recordingId, @RequestParam(required = false) String exp,
            @RequestParam(required = false) String kid, @RequestParam(required = false) String sub,
            @RequestParam(required = false) String sig, @RequestParam(required = false) String disposition,
            HttpServletRequest request, HttpServletResponse response) {
        boolean get = "GET".equals(request.getMethod());
        StreamCredentials credentials = new StreamCredentials(exp, kid, sub, sig, disposition);
        PlaybackRecording recording = recordings.find(recordingId).orElseThrow(StreamRefusedException::forbidden);
        UrlSigner.Verification verification = signer.verify(recordingId, recording.getTenantId(), credentials);
        if (!verification.valid()) {
            log.info("refused a stream URL for recording {}: {}", recordingId, verification.outcome());
            auditor.publishBestEffort(access(request, recording.getTenantId(), recordingId, claimedSubject(sub),
                    "attachment".equals(disposition) ? AccessAction.DOWNLOAD : AccessAction.STREAM,
                    HttpStatus.FORBIDDEN.value(), claimedExpiry(exp)));
            throw StreamRefusedException.forbidden();
        }
        StreamGrant grant = verification.grant();
        if (recording.getStatus() != RecordingStatus.AVAILABLE) {
            StreamRefusedException refused = StreamRefusedException.notPlayable(recordingId, recording.getStatus());
            auditor.publish(access(request, grant, refused.getStatusCode().value()));
            throw refused;
        }
        long length = recording.getSizeBytes();
        ETag etag = ETag.create("\"" + recording.getSha256() + "\"");
        Instant lastModified = recording.getStoredAt().truncatedTo(ChronoUnit.SECONDS);
        HttpHeaders requestHeaders = new ServletServerHttpRequest(request).getHeaders();
        StreamPlan plan = RangePlanner.plan(get, requestHeaders, length, etag, lastModified);

        switch (plan) {
            case StreamPlan.NotModified notModified -> {
                auditor.publish(access(request, grant, HttpStatus.NOT_MODIFIED.value()));
                validators(response, etag, lastModified, grant);
                response.setStatus(HttpStatus.NOT_MODIFIED.value());
            }
            case StreamPlan.Unsatisfiable unsatisfiable -> {
                auditor.publish(access(request, grant, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value()));
                throw StreamRefusedException.rangeNotSatisfiable(length);
            }
            case StreamPlan.Full full -> send(request, response, recording, grant, plan, 0, length, length, get,
                    etag, lastModified);
            case StreamPlan.Partial partial -> send(request, response, recording, grant, plan, partial.first(),
                    partial.length(), length, get, etag, lastModified);
        }
    }

    private void send(HttpServletRequest request, HttpServletResponse response, PlaybackRecording recording,
            StreamGrant grant, StreamPlan plan, long offset, long count, long length, boolean get, ETag etag,
            Instant lastModified) {
        int status = plan instanceof StreamPlan.Partial ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value();
        InputStream body = null;
        if (get && count > 0) {
            try {
                body = objectReader.open(recording.getBucket(), recording.getObjectKey(), offset, count);
            } catch (ObjectStorageException e) {
                auditor.publishBestEffort(access(request, grant, e.getStatusCode().value()));
                throw e;
            }
        }
        try (InputStream source = body) {
            auditor.publish(access(request, grant, status));
            response.setStatus(status);
            validators(response, etag, lastModified, grant);
            response.setContentType(recording.getContentType() == null ? "application/octet-stream"
                    : recording.getContentType());
            response.setContentLengthLong(count);
            if (status == HttpStatus.PARTIAL_CONTENT.value()) {
                response.setHeader(HttpHeaders.CONTENT_RANGE,
                        "bytes " + offset + "-" + (offset + count - 1) + "/" + length);
            }
            if (grant.disposition() == Disposition.ATTACHMENT) {
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(recording));
            }
            if (source != null) {
                copy(source, response, grant.recordingId(), count);
            }
        } catch (IOException e) {
            // closing the storage stream failed after the copy: nothing left to do for the client
            log.debug("closing the object stream of recording {} failed: {}", grant.recordingId(), e.toString());
        }
    }

    private static void copy(InputStream source, HttpServletResponse response, UUID recordingId, long count)
            throws IOException {
        byte[] buffer = new byte[CHUNK_BYTES];
        long sent = 0;
        OutputStream out;
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            log.debug("client of recording {} went away before the body", recordingId);
            return;
        }
        while (sent < count) {
            int read;
            try {
                read = source.read(buffer, 0, (int) Math.min(buffer.length, count - sent));
            } catch (IOException e) {
                throw storageFailed(response, recordingId, sent, e);
            }
            if (read < 0) {
                throw storageFailed(response, recordingId, sent,
                        new IOException("object ended after " + sent + " of " + count + " bytes"));
            }
            try {
                out.write(buffer, 0, read);
            } catch (IOException e) {
                log.debug("client of recording {} went away after {} of {} bytes: {}", recordingId, sent, count,
                        e.toString());
                return;
            }
            sent += read;
        }
        try {
            out.flush();
        } catch (IOException e) {
            log.debug("client of recording {} went away at the end: {}", recordingId, e.toString());
        }
    }

    private static RuntimeException storageFailed(HttpServletResponse response, UUID recordingId, long sent,
            IOException cause) {
        if (!response.isCommitted()) {
            response.reset();
            return ObjectStorageException.unavailable(cause);
        }
        return new StreamInterruptedException("object storage failed after " + sent + " bytes of recording "
                + recordingId, cause);
    }

    private void validators(HttpServletResponse response, ETag etag, Instant lastModified, StreamGrant grant) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), grant.expiresAt()).toSeconds());
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, etag.formattedTag());
        response.setHeader(HttpHeaders.LAST_MODIFIED, HttpDates.format(lastModified));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=" + maxAge);
    }

    /**
     * {@code attachment; filename="recording-<id>.<ext>"}; the extension comes from the object key (or the media
     * type), restricted to lowercase letters and digits, so the name never needs escaping; a non-ASCII name would
     * also get {@code filename*} (RFC 6266 section 4.3, RFC 8187).
     */
    static String contentDisposition(PlaybackRecording recording) {
        String name = "recording-" + recording.getId() + "." + extension(recording);
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
        ContentDisposition.Builder builder = ContentDisposition.attachment();
        return (ascii ? builder.filename(name) : builder.filename(name, StandardCharsets.UTF_8)).build().toString();
    }

    private static String extension(PlaybackRecording recording) {
        String key = recording.getObjectKey();
        int dot = key == null ? -1 : key.lastIndexOf('.');
        if (dot >= 0 && key.lastIndexOf('/') < dot) {
            String extension = key.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (EXTENSION.matcher(extension).matches()) {
                return extension;
            }
        }
        String type = recording.getContentType() == null ? "" : recording.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("audio/mpeg")) {
            return "mp3";
        }
        if (type.startsWith("audio/wav") || type.startsWith("audio/x-wav") || type.startsWith("audio/vnd.wave")) {
            return "wav";
        }
        return "bin";
    }

    private static Access access(HttpServletRequest request, StreamGrant grant, int status) {
        return access(request, grant.tenantId(), grant.recordingId(), grant.subject(),
                grant.disposition() == Disposition.ATTACHMENT ? AccessAction.DOWNLOAD : AccessAction.STREAM, status,
                grant.expiresAt());
    }

    private static Access access(HttpServletRequest request, String tenantId, UUID recordingId, String subject,
            AccessAction action, int status, Instant urlExpiresAt) {
        return new Access(tenantId, recordingId, subject, action, request.getHeader(HttpHeaders.RANGE), status,
                request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT), urlExpiresAt);
    }

    private static String claimedSubject(String sub) {
        return sub == null ? "" : sub.length() > 256 ? sub.substring(0, 256) : sub;
    }

    private static Instant claimedExpiry(String exp) {
        return exp != null && exp.matches("[0-9]{1,12}") ? Instant.ofEpochSecond(Long.parseLong(exp)) : null;
    }
}
