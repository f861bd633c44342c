package dev.callvault.storage.uploads;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code storage.upload} table: uploads in progress. Each method is its own short transaction. */
@Repository
class UploadRows {

    private static final String COLUMNS = "id, recording_id, tenant_id, uploaded_by, resumable, upload_length, "
            + "upload_offset, encoded_metadata, parts, tail_bytes, created_at, expires_at";

    private final JdbcTemplate jdbc;

    UploadRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the row's recording id for this upload.
     *
     * @param row the new upload
     * @throws UploadRefusedException 409 when another upload of the same call is in progress
     */
    void insert(UploadRow row) {
        try {
            jdbc.update("INSERT INTO upload (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.id(), row.recordingId(), row.tenantId(), row.uploadedBy(), row.resumable(), row.length(),
                    row.offset(), row.encodedMetadata(), row.parts(), row.tailBytes(),
                    Timestamp.from(row.createdAt()), Timestamp.from(row.expiresAt()));
        } catch (DuplicateKeyException e) {
            throw UploadRefusedException.conflict("an upload of this call is already in progress");
        }
    }

    /** @return the upload, of any tenant */
    Optional<UploadRow> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM upload WHERE id = ?", UploadRows::map, id).stream()
                .findFirst();
    }

    /** Saves offset, parts, tail and expiry. */
    void updateProgress(UploadRow row) {
        jdbc.update("UPDATE upload SET upload_offset = ?, parts = ?, tail_bytes = ?, expires_at = ? WHERE id = ?",
                row.offset(), row.parts(), row.tailBytes(), Timestamp.from(row.expiresAt()), row.id());
    }

    /** Removes an upload's row (its recording id is free again). */
    void delete(UUID id) {
        jdbc.update("DELETE FROM upload WHERE id = ?", id);
    }

    /** @return up to {@code limit} uploads that expired before {@code now}, oldest first */
    List<UploadRow> expired(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM upload WHERE expires_at < ? ORDER BY expires_at LIMIT ?",
                UploadRows::map, Timestamp.from(now), limit);
    }

    private static UploadRow map(ResultSet rs, int rowNum) throws SQLException {
        Long length = rs.getObject("upload_length", Long.class);
        return new UploadRow(rs.getObject("id", UUID.class), rs.getObject("recording_id", UUID.class),
                rs.getString("tenant_id"), rs.getString("uploaded_by"), rs.getBoolean("resumable"),
                length, rs.getLong("upload_offset"), rs.getString("encoded_metadata"),
                rs.getInt("parts"), rs.getLong("tail_bytes"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant());
    }
}
