package dev.callvault.storage.analysis;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The {@code recording_rendition} rows. */
interface RecordingRenditionRepository extends JpaRepository<RecordingRenditionEntry, RecordingRenditionEntry.Key> {

    List<RecordingRenditionEntry> findByKeyRecordingIdIn(Collection<UUID> recordingIds);

    void deleteByKeyRecordingId(UUID recordingId);
}
