package dev.callvault.playback.streaming;

import dev.callvault.events.AccessAction;
import dev.callvault.events.HttpDates;
import dev.callvault.playback.access.Access;
import dev.callvault.playback.access.AccessAuditor;
import dev.callvault.playback.readmodel.PlaybackRecording;
import dev.callvault.playback.readmodel.RecordingStatus;
import dev.callvault.playback.readmodel.Recordings;
import dev.callvault.playback.readmodel.Renditions;
import dev.callvault.playback.signing.Disposition;
import dev.callvault.playback.signing.StreamCredentials;
import dev.callvault.playback.signing.StreamGrant;
import dev.callvault.playback.signing.UrlSigner;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * {@code GET|HEAD /v1/streams/{recordingId}?exp=&kid=&sub=&sig=[&disposition=][&rendition=]}: the signed URL minted
 * by {@code POST /v1/recordings/{id}/playback-url}. No bearer token: the signature is the capability. A URL of a
 * rendition ({@code rendition=opus}, part of the signature) streams the rendition media-worker derived from the
 * recording's current object, with the same ranges, validators (its own SHA-256 as {@code ETag}) and audit; 404 when
 * there is none.
 *
 * <p>Order of work: the recording is looked up in the read model (its cached row, see {@link Recordings}; unknown:
 * 403, like a bad signature, and not audited since it names no tenant); the signature is verified against the
 * recording's tenant (bad or expired: 403, audited best-effort with status 403 under the subject
 * {@value RefusalLimiter#UNVERIFIED_SUBJECT}, never the one the URL claims; beyond a client address's allowance of
 * refusals, 429 and not audited, {@link RefusalLimiter}); the
 * status is checked on every request (404 for a deleted recording, even if its bytes are in memory; 409 for one not
 * yet {@code AVAILABLE}); the answer is planned by {@link RangePlanner} (200, 206 with one range or
 * {@code multipart/byteranges}, 304, 416); for a body, the block holding its first byte is brought into memory
 * ({@link RecordingBytes}: from the cache, or one ranged {@code GetObject}); then the {@code RecordingAccessed}
 * ({@code STREAM}, or {@code DOWNLOAD} for {@code disposition=attachment}) with that status is acknowledged by the
 * broker (otherwise 503 and nothing is sent); only then are headers and bytes written, block by block, in slices of
 * at most {@value #CHUNK_BYTES} bytes.
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
    private final Renditions renditions;
    private final UrlSigner signer;
    private final AccessAuditor auditor;
    private final RecordingBytes bytes;
    private final RefusalLimiter refusals;
    private final Clock clock;

    StreamController(Recordings recordings, Renditions renditions, UrlSigner signer, AccessAuditor auditor,
            RecordingBytes bytes, RefusalLimiter refusals, Clock clock) {
        this.refusals = refusals;
        this.recordings = recordings;
        this.renditions = renditions;
        this.signer = signer;
        this.auditor = auditor;
        this.bytes = bytes;
        this.clock = clock;
    }

    @RequestMapping(path = "/v1/streams/{recordingId}", method = {RequestMethod.GET, RequestMethod.HEAD})
    void stream(@PathVariable UUID recordingId, @RequestParam(required = false) String exp,
            @RequestParam(required = false) String kid, @RequestParam(required = false) String sub,
            @RequestParam(required = false) String sig, @RequestParam(required = false) String disposition,
            @RequestParam(required = false) String rendition, HttpServletRequest request,
            HttpServletResponse response) {
        boolean get = "GET".equals(request.getMethod());
        // what Spring Security's header writers add elsewhere: these requests bypass its chain (SecurityConfiguration)
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        StreamCredentials credentials = new StreamCredentials(exp, kid, sub, sig, disposition, rendition);
        PlaybackRecording recording = recordings.find(recordingId).orElse(null);
        if (recording == null) {
            // an unknown recording: probing ids counts against the client like a forged signature
            throw refusals.allow(request.getRemoteAddr()) ? StreamRefusedException.forbidden() : refusals.tooMany();
        }
        UrlSigner.Verification verification = signer.verify(recordingId, recording.getTenantId(), credentials);
        if (!verification.valid()) {
            if (!refusals.allow(request.getRemoteAddr())) {
                throw refusals.tooMany();
            }
            log.info("refused a stream URL for recording {}: {}", recordingId, verification.outcome());
            // the URL's subject was not verified: the refusal is never attributed to it
            auditor.publishBestEffort(access(request, recording.getTenantId(), recordingId,
                    RefusalLimiter.UNVERIFIED_SUBJECT,
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
        ServedObject served = served(request, recording, grant);
        long length = served.object().sizeBytes();
        ETag etag = ETag.create("\"" + served.object().sha256() + "\"");
        Instant lastModified = served.lastModified().truncatedTo(ChronoUnit.SECONDS);
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
            case StreamPlan.Full full -> send(request, response, served, grant, plan, 0, length, length, get,
                    etag, lastModified);
            case StreamPlan.Partial partial -> send(request, response, served, grant, plan, partial.first(),
                    partial.length(), length, get, etag, lastModified);
            case StreamPlan.Multipart multipart -> sendMultipart(request, response, served, grant, multipart,
                    length, etag, lastModified);
        }
    }

    /**
     * 206 {@code multipart/byteranges} (only planned for GET): like one range, the first part's first block is in
     * memory before the audit event is acknowledged and anything is written; each later part's blocks are read as it
     * is copied. A later part that cannot be read ends the response as a failed copy does.
     */
    private void sendMultipart(HttpServletRequest request, HttpServletResponse response, ServedObject served,
            StreamGrant grant, StreamPlan.Multipart plan, long length, ETag etag, Instant lastModified) {
        MultipartByteranges framing = MultipartByteranges.of(plan, served.contentType(), length);
        List<StreamPlan.Partial> parts = framing.parts();
        RecordingBytes.StoredObject object = served.object();
        ByteBuffer firstBlock = firstBlock(request, grant, object, parts.getFirst().first());
        auditor.publish(access(request, grant, HttpStatus.PARTIAL_CONTENT.value()));
        response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
        validators(response, etag, lastModified, grant);
        response.setContentType(framing.contentType());
        response.setContentLengthLong(framing.contentLength());
        if (grant.disposition() == Disposition.ATTACHMENT) {
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(served));
        }
        ServletOutputStream out = outputStream(response, grant.recordingId());
        if (out == null) {
            return;
        }
        long sent = 0;
        for (int i = 0; i < parts.size(); i++) {
            StreamPlan.Partial part = parts.get(i);
            if (!write(out, framing.head(i), grant.recordingId())) {
                return;
            }
            ByteBuffer first;
            try {
                first = i == 0 ? firstBlock
                        : RecordingBytes.await(bytes.block(object, part.first() / bytes.blockSize()));
            } catch (ObjectStorageException e) {
                throw storageFailed(response, grant.recordingId(), sent, e);
            }
            if (!copy(object, first, part.first(), part.length(), response, out)) {
                return;
            }
            sent += part.length();
        }
        if (write(out, framing.tail(), grant.recordingId())) {
            flush(out, grant.recordingId());
        }
    }

    /** Writes multipart framing; {@code false} when the client went away. */
    private static boolean write(OutputStream out, byte[] framing, UUID recordingId) {
        try {
            out.write(framing);
            return true;
        } catch (IOException e) {
            log.debug("client of recording {} went away between parts: {}", recordingId, e.toString());
            return false;
        }
    }

    private void send(HttpServletRequest request, HttpServletResponse response, ServedObject served,
            StreamGrant grant, StreamPlan plan, long offset, long count, long length, boolean get, ETag etag,
            Instant lastModified) {
        int status = plan instanceof StreamPlan.Partial ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value();
        RecordingBytes.StoredObject object = served.object();
        ByteBuffer firstBlock = get && count > 0 ? firstBlock(request, grant, object, offset) : null;
        auditor.publish(access(request, grant, status));
        response.setStatus(status);
        validators(response, etag, lastModified, grant);
        response.setContentType(served.contentType() == null ? "application/octet-stream" : served.contentType());
        response.setContentLengthLong(count);
        if (status == HttpStatus.PARTIAL_CONTENT.value()) {
            response.setHeader(HttpHeaders.CONTENT_RANGE,
                    "bytes " + offset + "-" + (offset + count - 1) + "/" + length);
        }
        if (grant.disposition() == Disposition.ATTACHMENT) {
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(served));
        }
        if (firstBlock != null) {
            ServletOutputStream out = outputStream(response, grant.recordingId());
            if (out != null && copy(object, firstBlock, offset, count, response, out)) {
                flush(out, grant.recordingId());
            }
        }
    }

    /**
     * The block holding the first byte to send, in memory before the access is audited: a store that fails answers
     * 503 (or 404 for a missing object), audited best-effort with that status, and nothing is sent.
     */
    private ByteBuffer firstBlock(HttpServletRequest request, StreamGrant grant, RecordingBytes.StoredObject object,
            long offset) {
        try {
            return RecordingBytes.await(bytes.block(object, offset / bytes.blockSize()));
        } catch (ObjectStorageException e) {
            auditor.publishBestEffort(access(request, grant, e.getStatusCode().value()));
            throw e;
        }
    }

    /**
     * The bytes a grant streams: the recording's object, or the rendition derived from it (404, audited, when there is
     * none of the current object).
     */
    private ServedObject served(HttpServletRequest request, PlaybackRecording recording, StreamGrant grant) {
        if (grant.rendition().rendition().isEmpty()) {
            return new ServedObject(new RecordingBytes.StoredObject(recording.getId(), recording.getSha256(),
                    recording.getBucket(), recording.getObjectKey(), recording.getSizeBytes()),
                    recording.getContentType(), recording.getStoredAt());
        }
        Renditions.StoredRendition rendition = renditions.current(recording, grant.rendition().rendition().get())
                .orElse(null);
        if (rendition == null) {
            StreamRefusedException refused = StreamRefusedException.renditionMissing(recording.getId(),
                    grant.rendition().wireValue());
            auditor.publish(access(request, grant, refused.getStatusCode().value()));
            throw refused;
        }
        return new ServedObject(new RecordingBytes.StoredObject(recording.getId(), rendition.sha256(),
                recording.getBucket(), rendition.objectKey(), rendition.sizeBytes()), rendition.contentType(),
                rendition.derivedAt());
    }

    /**
     * What a stream serves.
     *
     * @param object       its location, size and checksum (the byte cache's key)
     * @param contentType  its media type
     * @param lastModified when it was stored
     */
    record ServedObject(RecordingBytes.StoredObject object, String contentType, Instant lastModified) {
    }

    /**
     * Commits the status and headers through every response wrapper (Spring Security writes its headers when the
     * response commits), then returns the container's own output stream: Tomcat's writes a direct buffer to the
     * socket as it is, where a wrapper's {@code write(ByteBuffer)} (the Servlet API's default) first copies it into a
     * new array, which the socket write then copies again into a temporary direct buffer ({@code bench/run}'s flight
     * recording of full-file streams showed those copies).
     */
    private static ServletOutputStream outputStream(HttpServletResponse response, UUID recordingId) {
        try {
            response.flushBuffer();
            ServletResponse container = response;
            while (container instanceof ServletResponseWrapper wrapper) {
                container = wrapper.getResponse();
            }
            return container.getOutputStream();
        } catch (IOException e) {
            log.debug("client of recording {} went away before the body", recordingId);
            return null;
        }
    }

    /**
     * Copies bytes {@code [offset, offset + count)} block by block, each written in slices of at most
     * {@value #CHUNK_BYTES} bytes straight from the block's buffer; the next block is asked for (read ahead from the
     * store on a miss) before the current one is written, so a stream holds at most two blocks.
     *
     * @param first the block holding {@code offset}
     * @return {@code false} when the client went away before all {@code count} bytes were written
     * @throws StreamInterruptedException if the store fails after the response was committed (or an
     *                                    {@link ObjectStorageException} before)
     */
    private boolean copy(RecordingBytes.StoredObject object, ByteBuffer first, long offset, long count,
            HttpServletResponse response, ServletOutputStream out) {
        int blockSize = bytes.blockSize();
        long end = offset + count;
        long position = offset;
        long index = offset / blockSize;
        ByteBuffer block = first;
        while (true) {
            long blockStart = index * blockSize;
            CompletableFuture<ByteBuffer> next = blockStart + blockSize < end ? bytes.block(object, index + 1) : null;
            int from = (int) (position - blockStart);
            int to = (int) Math.min(block.limit(), end - blockStart);
            if (to <= from) {
                throw storageFailed(response, object.recordingId(), position - offset, ObjectStorageException
                        .unavailable(new IOException("block " + index + " ends before byte " + position)));
            }
            try {
                for (int at = from; at < to; at += CHUNK_BYTES) {
                    out.write(block.slice(at, Math.min(CHUNK_BYTES, to - at)));
                }
            } catch (IOException e) {
                log.debug("client of recording {} went away after {} of {} bytes: {}", object.recordingId(),
                        position - offset, count, e.toString());
                return false;
            }
            position = blockStart + to;
            if (next == null) {
                return true;
            }
            try {
                block = RecordingBytes.await(next);
            } catch (ObjectStorageException e) {
                throw storageFailed(response, object.recordingId(), position - offset, e);
            }
            index++;
        }
    }

    private static void flush(OutputStream out, UUID recordingId) {
        try {
            out.flush();
        } catch (IOException e) {
            log.debug("client of recording {} went away at the end: {}", recordingId, e.toString());
        }
    }

    private static RuntimeException storageFailed(HttpServletResponse response, UUID recordingId, long sent,
            ObjectStorageException cause) {
        if (!response.isCommitted()) {
            response.reset();
            return cause;
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
    static String contentDisposition(ServedObject served) {
        String name = "recording-" + served.object().recordingId() + "." + extension(served);
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
        ContentDisposition.Builder builder = ContentDisposition.attachment();
        return (ascii ? builder.filename(name) : builder.filename(name, StandardCharsets.UTF_8)).build().toString();
    }

    private static String extension(ServedObject served) {
        String key = served.object().objectKey();
        int dot = key == null ? -1 : key.lastIndexOf('.');
        if (dot >= 0 && key.lastIndexOf('/') < dot) {
            String extension = key.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (EXTENSION.matcher(extension).matches()) {
                return extension;
            }
        }
        String type = served.contentType() == null ? "" : served.contentType().toLowerCase(Locale.ROOT);
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

    private static Instant claimedExpiry(String exp) {
        return exp != null && exp.matches("[0-9]{1,12}") ? Instant.ofEpochSecond(Long.parseLong(exp)) : null;
    }
}
