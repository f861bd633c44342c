package dev.callvault.storage.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.callvault.events.DeletionReason;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RetentionRunCompleted;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.storage.lifecycle.Retention.RetentionRun;
import dev.callvault.storage.lifecycle.Retention.TenantRun;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The retention job against the real catalog, broker and S3Proxy, for tenant {@link #RETAINED} (30 days): what it
 * deletes, what it keeps, and how it converges after a crash.
 */
class RetentionTests extends LifecycleTestSupport {

    @Autowired
    Retention retention;

    @Test
    void shouldDeleteExpiredRecordingsAndKeepHeldAndRecentOnes() throws Exception {
        // given an expired recording, an expired one whose object is already gone, an expired one on legal hold, a
        // recent one, and another tenant's (without retention) old one
        Instant now = Instant.now();
        StoredRecording expired = storedRecording(RETAINED, now.minus(Duration.ofDays(31)), true);
        StoredRecording objectGone = storedRecording(RETAINED, now.minus(Duration.ofDays(45)), false);
        StoredRecording held = storedRecording(RETAINED, now.minus(Duration.ofDays(60)), true);
        StoredRecording recent = storedRecording(RETAINED, now.minus(Duration.ofDays(29)), true);
        String other = uniqueTenant();
        StoredRecording otherTenants = storedRecording(other, now.minus(Duration.ofDays(400)), true);
        HttpResponse<String> hold = send("PUT", "/v1/recordings/" + held.id() + "/legal-hold",
                token(RETAINED, "recordings:admin"), "{\"reason\":\"case 2026-17\"}");
        assertThat(hold.statusCode()).isEqualTo(200);

        // when the job runs
        RetentionRun run = retention.run();

        // then the two expired recordings are deleted: tombstones left (reason RETENTION), objects gone, rows DELETED
        // (RETENTION), events published
        assertThat(run.tenants()).extracting(TenantRun::tenantId, TenantRun::days, TenantRun::deleted,
                TenantRun::failed).containsExactly(tuple(RETAINED, 30, 2, 0));
        for (StoredRecording deleted : List.of(expired, objectGone)) {
            assertThat(objectExists(deleted.objectKey())).isFalse();
            assertThat(tombstone(RETAINED, deleted.id())).containsEntry("reason", "RETENTION")
                    .containsKey("deleted-at");
            assertThat(statusOf(deleted.id())).isEqualTo("DELETED");
            assertThat(column(deleted.id(), "deletion_reason", String.class)).isEqualTo("RETENTION");
            assertThat(column(deleted.id(), "deleted_at", Timestamp.class)).isNotNull();
            List<SpecificRecord> events = events(Topics.RECORDING_DELETED, deleted.id(), 1);
            assertThat(events).singleElement().isInstanceOfSatisfying(RecordingDeleted.class, event -> {
                assertThat(event.getReason()).isEqualTo(DeletionReason.RETENTION);
                assertThat(event.getTenantId()).isEqualTo(RETAINED);
                assertThat(event.getObjectKey()).isEqualTo(deleted.objectKey());
                assertThat(event.getDeletedBy()).isNull();
            });
        }
        // and the tenant's run is published for the audit log
        List<SpecificRecord> runs = SharedInfrastructure.topics().read(Topics.RETENTION_RUNS,
                record -> RETAINED.equals(record.key()) && record.value() instanceof RetentionRunCompleted completed
                        && completed.getStartedAt().equals(run.startedAt().truncatedTo(ChronoUnit.MILLIS)),
                1, ASYNC_TIMEOUT);
        assertThat(runs).singleElement().isInstanceOfSatisfying(RetentionRunCompleted.class, completed -> {
            assertThat(completed.getTenantId()).isEqualTo(RETAINED);
            assertThat(completed.getRetentionDays()).isEqualTo(30);
            assertThat(completed.getDeleted()).isEqualTo(2);
            assertThat(completed.getFailed()).isZero();
            assertThat(completed.getCutoff()).isEqualTo(run.tenants().getFirst().cutoff()
                    .truncatedTo(ChronoUnit.MILLIS));
        });
        // and the held, the recent and the other tenant's recordings are untouched, bytes and all
        for (StoredRecording kept : List.of(held, recent, otherTenants)) {
            assertThat(statusOf(kept.id())).isEqualTo("AVAILABLE");
            assertThat(new BucketContents(minio, BUCKET).sha256(kept.objectKey()))
                    .isEqualTo(kept.sha256());
            assertThat(events(Topics.RECORDING_DELETED, kept.id(), 0)).isEmpty();
            assertThat(tombstone(RETAINED, kept.id())).isNull();
        }

        // and a second run deletes nothing and publishes nothing more
        RetentionRun again = retention.run();
        assertThat(again.tenants()).singleElement().extracting(TenantRun::deleted).isEqualTo(0);
        assertThat(again.republished()).isZero();
        assertThat(events(Topics.RECORDING_DELETED, expired.id(), 1)).hasSize(1);
    }

    @Test
    void shouldAnnounceADeletionWhosePublicationWasInterrupted() throws Exception {
        // given a recording whose object was deleted and row marked DELETED, but whose event never went out (a crash
        // between the steps)
        StoredRecording crashed = storedRecording(uniqueTenant(), Instant.now().minus(Duration.ofDays(2)), false);
        jdbc.update("""
                UPDATE recording SET status = 'DELETED', deleted_at = now(), deletion_reason = 'USER_REQUEST',
                deleted_by = 'alice' WHERE id = ?""", crashed.id());

        // when the job runs
        RetentionRun run = retention.run();

        // then the deletion is announced, with its reason and subject, and marked as published
        assertThat(run.republished()).isGreaterThanOrEqualTo(1);
        assertThat(events(Topics.RECORDING_DELETED, crashed.id(), 1)).singleElement()
                .isInstanceOfSatisfying(RecordingDeleted.class, event -> {
                    assertThat(event.getReason()).isEqualTo(DeletionReason.USER_REQUEST);
                    assertThat(event.getDeletedBy()).isEqualTo("alice");
                });
        assertThat(column(crashed.id(), "deletion_published_at", Timestamp.class)).isNotNull();
    }
}
