package dev.callvault.storage.uploads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import me.desair.tus.server.exception.UploadNotFoundException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;
import me.desair.tus.server.upload.UploadStorageService;
import me.desair.tus.server.upload.concatenation.UploadConcatenationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tus-java-server's storage, kept where every instance sees it: the upload's state in PostgreSQL ({@link UploadRows},
 * table {@code upload}) and its bytes in the recordings bucket, the way tusd's s3store keeps them (tusd
 * documentation, "S3 storage"): each {@code PATCH} is cut into parts of exactly {@code part-size} bytes, each stored
 * as a temporary object {@code uploads/<id>/part-<n>}, and what is left over, shorter than a part, as
 * {@code uploads/<id>/tail}, which the next {@code PATCH} reads back in front of its own bytes. A request cut off in
 * the middle keeps what arrived: the bytes read so far become the tail, and {@code HEAD} reports them as the offset
 * (tus 1.0, "Core Protocol", PATCH). Memory per request is one part.
 *
 * <p>When the offset reaches {@code Upload-Length}, the parts and the tail are streamed, in order, through
 * {@link RecordingUploads#store} into the recording's object (an S3 multipart upload of the same part size), which
 * sniffs and checks the type, hashes, writes the catalog entry and publishes {@code RecordingStored}. Whether the
 * recording is stored or refused (415, 413), the temporary objects and the row are then deleted: a completed upload
 * is gone from {@code /v1/uploads}, its recording is at {@code /v1/recordings/{id}}. The refusal propagates out of
 * the final {@code PATCH} as a problem detail.
 *
 * <p>The owner key is the caller's tenant: another tenant's upload is not found (404). The checksum and
 * concatenation extensions are off ({@code TusConfiguration}).
 */
class BucketUploadStorageService implements UploadStorageService {

    private static final Logger log = LoggerFactory.getLogger(BucketUploadStorageService.class);

    /** Uploads swept per step of {@link #cleanupExpiredUploads}. */
    private static final int SWEEP_BATCH = 100;

    private final UploadRows rows;
    private final UploadObjects objects;
    private final RecordingUploads recordings;
    private final Clock clock;
    private final int partSize;
    private UploadIdFactory idFactory;
    private long maxUploadSize;
    private Long expirationPeriodMillis;
    private UploadConcatenationService concatenationService;

    BucketUploadStorageService(UploadRows rows, UploadObjects objects, RecordingUploads recordings,
            UploadProperties properties, Clock clock) {
        this.rows = rows;
        this.objects = objects;
        this.recordings = recordings;
        this.clock = clock;
        this.partSize = Math.toIntExact(properties.partSize().toBytes());
        this.maxUploadSize = properties.largestMaxSize();
        this.expirationPeriodMillis = properties.expiration().toMillis();
    }

    @Override
    public UploadInfo getUploadInfo(String uploadUrl, String ownerKey) {
        UploadId id = idFactory.readUploadId(uploadUrl);
        return id == null ? null : row(id).filter(row -> row.tenantId().equals(ownerKey)).map(this::info)
                .orElse(null);
    }

    @Override
    public UploadInfo getUploadInfo(UploadId id) {
        return row(id).map(this::info).orElse(null);
    }

    @Override
    public String getUploadUri() {
        return idFactory.getUploadUri();
    }

    /**
     * Creates the upload's row, claiming its call's recording id.
     *
     * @throws UploadRefusedException 409 when the call is being uploaded already
     */
    @Override
    public UploadInfo create(UploadInfo info, String ownerKey) {
        UploadMetadata metadata = UploadMetadata.parse(ownerKey, info.getMetadata());
        Instant now = clock.instant();
        UploadRow row = new UploadRow((UUID) idFactory.createId().getOriginalObject(), metadata.recordingId(),
                ownerKey, TusCaller.subject(), true, info.getLength(), 0, info.getEncodedMetadata(), 0, 0, now,
                now.plusMillis(expirationPeriodMillis));
        rows.insert(row);
        return info(row);
    }

    /** Saves the expiry the library computed; an upload completed meanwhile (row gone) is left alone. */
    @Override
    public void update(UploadInfo info) {
        row(info.getId()).ifPresent(row -> rows.updateProgress(row.withProgress(row.offset(), row.parts(),
                row.tailBytes(), info.getExpirationTimestamp() == null ? row.expiresAt()
                        : Instant.ofEpochMilli(info.getExpirationTimestamp()))));
    }

    @Override
    public UploadInfo append(UploadInfo info, InputStream body) throws IOException, UploadNotFoundException {
        UploadRow row = row(info.getId()).orElseThrow(() -> new UploadNotFoundException("no upload " + info.getId()));
        long remaining = row.length() - row.offset();
        InputStream source = row.tailBytes() > 0
                ? new SequenceInputStream(objects.get(row.tailKey(), 0, row.tailBytes()), body)
                : body;
        long budget = row.tailBytes() + remaining;
        byte[] buffer = new byte[partSize];
        boolean cutOff = false;
        try (source) {
            while (!cutOff) {
                int filled = 0;
                int wanted = (int) Math.min(partSize, budget);
                while (filled < wanted) {
                    int n;
                    try {
                        n = source.read(buffer, filled, wanted - filled);
                    } catch (IOException e) {
                        log.info("upload {}: the request ended early after {} bytes of this part ({})", row.id(),
                                filled, e.toString());
                        cutOff = true;
                        break;
                    }
                    if (n < 0) {
                        cutOff = true;
                        break;
                    }
                    filled += n;
                }
                budget -= filled;
                if (filled == partSize) {
                    objects.put(row.partKey(row.parts() + 1), "application/octet-stream",
                            new ByteArrayInputStream(buffer, 0, filled), filled);
                    row = row.withProgress((long) (row.parts() + 1) * partSize, row.parts() + 1, 0, expiry());
                    rows.updateProgress(row);
                    if (budget == 0) {
                        break;
                    }
                } else {
                    row = keepTail(row, buffer, filled);
                    break;
                }
            }
        }
        if (row.offset() == row.length()) {
            complete(row);
        }
        return info(row);
    }

    private UploadRow keepTail(UploadRow row, byte[] buffer, int length) {
        if (length > 0) {
            objects.put(row.tailKey(), "application/octet-stream", new ByteArrayInputStream(buffer, 0, length),
                    length);
        } else {
            objects.remove(row.tailKey());
        }
        UploadRow next = row.withProgress((long) row.parts() * partSize + length, row.parts(), length, expiry());
        rows.updateProgress(next);
        return next;
    }

    private void complete(UploadRow row) {
        Map<String, String> metadata = decode(row.encodedMetadata());
        try (InputStream all = bytesOf(row)) {
            recordings.store(row.tenantId(), row.uploadedBy(), UploadMetadata.parse(row.tenantId(), metadata),
                    metadata.get("filetype"), metadata.get("filename"), all);
        } catch (IOException e) {
            throw UploadRefusedException.unavailable("the upload's parts could not be read back", e);
        } finally {
            discard(row);
        }
    }

    private static Map<String, String> decode(String encodedMetadata) {
        UploadInfo decoder = new UploadInfo();
        decoder.setEncodedMetadata(encodedMetadata);
        return decoder.getMetadata();
    }

    @Override
    public void setMaxUploadSize(Long maxUploadSize) {
        this.maxUploadSize = maxUploadSize == null ? 0 : maxUploadSize;
    }

    @Override
    public long getMaxUploadSize() {
        return maxUploadSize;
    }

    @Override
    public InputStream getUploadedBytes(String uploadUri, String ownerKey) throws UploadNotFoundException {
        UploadInfo info = getUploadInfo(uploadUri, ownerKey);
        if (info == null) {
            throw new UploadNotFoundException("no upload at " + uploadUri);
        }
        return getUploadedBytes(info.getId());
    }

    @Override
    public InputStream getUploadedBytes(UploadId id) throws UploadNotFoundException {
        return bytesOf(row(id).orElseThrow(() -> new UploadNotFoundException("no upload " + id)));
    }

    @Override
    public void copyUploadTo(UploadInfo info, OutputStream out) throws UploadNotFoundException, IOException {
        try (InputStream in = getUploadedBytes(info.getId())) {
            in.transferTo(out);
        }
    }

    /** Deletes expired uploads (row and temporary objects) that no request holds. */
    @Override
    public void cleanupExpiredUploads(UploadLockingService locking) throws IOException {
        List<UploadRow> expired;
        int swept = 0;
        do {
            expired = rows.expired(clock.instant(), SWEEP_BATCH);
            for (UploadRow row : expired) {
                try (UploadLock lock = locking.lockUploadByUri(getUploadUri() + "/" + row.id())) {
                    if (lock != null && row(new UploadId(row.id())).filter(current -> current.expiresAt()
                            .isBefore(clock.instant())).isPresent()) {
                        discard(row);
                        swept++;
                    }
                } catch (me.desair.tus.server.exception.TusException e) {
                    log.debug("expired upload {} is in use, skipped: {}", row.id(), e.getMessage());
                }
            }
        } while (expired.size() == SWEEP_BATCH && swept > 0);
        if (swept > 0) {
            log.info("swept {} expired uploads", swept);
        }
    }

    /**
     * Cuts the upload's tail short by {@code byteCount} bytes (the checksum extension's undo of a failed
     * {@code PATCH}); bytes already stored as a full part cannot be taken back.
     *
     * @throws IOException if more bytes than the tail holds are to be removed
     */
    @Override
    public void removeLastNumberOfBytes(UploadInfo info, long byteCount) throws UploadNotFoundException, IOException {
        UploadRow row = row(info.getId()).orElseThrow(() -> new UploadNotFoundException("no upload " + info.getId()));
        if (byteCount <= 0) {
            return;
        }
        if (byteCount > row.tailBytes()) {
            throw new IOException("upload " + row.id() + " cannot give back " + byteCount + " bytes: only its tail of "
                    + row.tailBytes() + " bytes is not stored as a part");
        }
        int keep = (int) (row.tailBytes() - byteCount);
        byte[] kept;
        try (InputStream tail = objects.get(row.tailKey(), 0, row.tailBytes())) {
            kept = tail.readNBytes(keep);
        }
        keepTail(row, kept, keep);
    }

    @Override
    public void terminateUpload(UploadInfo info) throws UploadNotFoundException {
        discard(row(info.getId()).orElseThrow(() -> new UploadNotFoundException("no upload " + info.getId())));
    }

    @Override
    public Long getUploadExpirationPeriod() {
        return expirationPeriodMillis;
    }

    @Override
    public void setUploadExpirationPeriod(Long period) {
        this.expirationPeriodMillis = period;
    }

    @Override
    public void setUploadConcatenationService(UploadConcatenationService concatenationService) {
        this.concatenationService = concatenationService;
    }

    @Override
    public UploadConcatenationService getUploadConcatenationService() {
        return concatenationService;
    }

    @Override
    public void setIdFactory(UploadIdFactory idFactory) {
        this.idFactory = idFactory;
    }

    private Optional<UploadRow> row(UploadId id) {
        return id != null && id.getOriginalObject() instanceof UUID uuid ? rows.find(uuid).filter(UploadRow::resumable)
                : Optional.empty();
    }

    private Instant expiry() {
        return clock.instant().plus(Duration.ofMillis(expirationPeriodMillis));
    }

    /** The upload's bytes so far: its parts, then its tail, each object opened when the previous one is read. */
    private InputStream bytesOf(UploadRow row) {
        List<String> keys = new ArrayList<>();
        for (int n = 1; n <= row.parts(); n++) {
            keys.add(row.partKey(n));
        }
        if (row.tailBytes() > 0) {
            keys.add(row.tailKey());
        }
        var remaining = keys.iterator();
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return remaining.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return objects.get(remaining.next(), 0, -1);
            }
        });
    }

    /** Deletes the upload's temporary objects, then its row. */
    private void discard(UploadRow row) {
        for (int n = 1; n <= row.parts(); n++) {
            objects.remove(row.partKey(n));
        }
        objects.remove(row.tailKey());
        rows.delete(row.id());
    }

    private UploadInfo info(UploadRow row) {
        StoredUploadInfo info = new StoredUploadInfo(row.expiresAt());
        info.setId(new UploadId(row.id()));
        info.setOwnerKey(row.tenantId());
        info.setLength(row.length());
        info.setOffset(row.offset());
        info.setEncodedMetadata(row.encodedMetadata());
        return info;
    }

    /** An {@link UploadInfo} whose expiry is the stored one until the library moves it on. */
    private static final class StoredUploadInfo extends UploadInfo {

        private Long fixedNow;

        StoredUploadInfo(Instant expiresAt) {
            fixedNow = expiresAt.toEpochMilli();
            updateExpiration(0);
            fixedNow = null;
        }

        @Override
        protected long getCurrentTime() {
            return fixedNow != null ? fixedNow : super.getCurrentTime();
        }
    }
}
