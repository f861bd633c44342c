package dev.callvault.storage.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.DeletionReason;
import dev.callvault.events.LifecycleChange;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.BucketContents;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Legal hold and deletion over HTTP against the real catalog, broker and S3Proxy: scopes, tenants, validation, the
 * 409 while held, the erasure itself, and that replayed events never bring a deleted recording back.
 */
class RecordingLifecycleApiTests extends LifecycleTestSupport {

    private static final Instant ENDED = Instant.now().minus(Duration.ofDays(3));

    @Test
    void shouldPlaceAndReleaseALegalHoldWithTheRightScopeAndTenantOnly() throws Exception {
        // given a stored recording of a tenant
        String tenant = uniqueTenant();
        StoredRecording recording = storedRecording(tenant, ENDED, true);
        String path = "/v1/recordings/" + recording.id() + "/legal-hold";
        String body = "{\"reason\":\"litigation 2026-041\"}";

        // when callers without the admin scope, of another tenant, or without a proper reason try
        // then they get 403, 404 and 400 problem details and nothing is held
        assertProblem(send("PUT", path, token(tenant, "recordings:read", "recordings:write"), body), 403);
        assertProblem(send("PUT", path, token(uniqueTenant(), "recordings:admin"), body), 404);
        assertProblem(send("PUT", path, token(tenant, "recordings:admin"), "{}"), 400);
        assertProblem(send("PUT", path, token(tenant, "recordings:admin"), "{\"reason\":\"  \"}"), 400);
        assertProblem(send("PUT", path, token(tenant, "recordings:admin"),
                "{\"reason\":\"" + "x".repeat(501) + "\"}"), 400);
        assertProblem(send("PUT", path, token(tenant, "recordings:admin"), null), 400);
        assertProblem(send("DELETE", path, token(tenant, "recordings:read"), null), 403);
        assertThat(column(recording.id(), "legal_hold", Boolean.class)).isFalse();
        assertThat(events(Topics.RECORDING_LIFECYCLE, recording.id(), 0)).isEmpty();

        // when an admin of the tenant places the hold
        HttpResponse<String> placed = send("PUT", path, token(tenant, "recordings:admin"), body);

        // then the entry shows it (S3Proxy refuses object-lock holds: applied in the catalog only), GET too, and the
        // placement is published with reason and subject
        assertThat(placed.statusCode()).isEqualTo(200);
        JsonNode entry = body(placed);
        assertThat(entry.get("legalHold").asBoolean()).isTrue();
        assertThat(entry.get("legalHoldReason").asString()).isEqualTo("litigation 2026-041");
        assertThat(entry.get("legalHoldBy").asString()).isEqualTo("user-" + tenant);
        assertThat(entry.get("legalHoldSince").isNull()).isFalse();
        assertThat(entry.get("legalHoldInStore").asBoolean()).isFalse();
        JsonNode fetched = body(get("/v1/recordings/" + recording.id(), token(tenant, "recordings:read")));
        assertThat(fetched.get("legalHold").asBoolean()).isTrue();
        assertThat(events(Topics.RECORDING_LIFECYCLE, recording.id(), 1)).singleElement()
                .isInstanceOfSatisfying(RecordingLifecycleChanged.class, event -> {
                    assertThat(event.getChange()).isEqualTo(LifecycleChange.LEGAL_HOLD_PLACED);
                    assertThat(event.getReason()).isEqualTo("litigation 2026-041");
                    assertThat(event.getChangedBy()).isEqualTo("user-" + tenant);
                    assertThat(event.getTenantId()).isEqualTo(tenant);
                    assertThat(event.getAppliedInStore()).isFalse();
                });

        // when another tenant's admin tries to release it, and then the tenant's admin releases it
        assertProblem(send("DELETE", path, token(uniqueTenant(), "recordings:admin"), null), 404);
        HttpResponse<String> released = send("DELETE", path, token(tenant, "recordings:admin"), null);

        // then it is released and the release is published
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(body(released).get("legalHold").asBoolean()).isFalse();
        assertThat(body(released).get("legalHoldReason").isNull()).isTrue();
        assertThat(events(Topics.RECORDING_LIFECYCLE, recording.id(), 2)).hasSize(2).last()
                .isInstanceOfSatisfying(RecordingLifecycleChanged.class,
                        event -> assertThat(event.getChange()).isEqualTo(LifecycleChange.LEGAL_HOLD_RELEASED));
    }

    @Test
    void shouldRefuseToDeleteAHeldRecordingAndLeaveObjectAndRow() throws Exception {
        // given a recording on legal hold
        String tenant = uniqueTenant();
        StoredRecording recording = storedRecording(tenant, ENDED, true);
        assertThat(send("PUT", "/v1/recordings/" + recording.id() + "/legal-hold", token(tenant, "recordings:admin"),
                "{\"reason\":\"regulator request\"}").statusCode()).isEqualTo(200);

        // when an admin asks to delete it
        HttpResponse<String> response = send("DELETE", "/v1/recordings/" + recording.id(),
                token(tenant, "recordings:admin"), null);

        // then 409, and the object, the row and the topic are untouched
        assertProblem(response, 409);
        assertThat(new BucketContents(minio, BUCKET).sha256(recording.objectKey())).isEqualTo(recording.sha256());
        assertThat(statusOf(recording.id())).isEqualTo("AVAILABLE");
        assertThat(events(Topics.RECORDING_DELETED, recording.id(), 0)).isEmpty();
        assertThat(tombstone(tenant, recording.id())).isNull();
    }

    @Test
    void shouldKeepAHeldRecordingsDerivativesAndDeleteThemWithTheRecording() throws Exception {
        // given a recording with its waveform peaks and Opus rendition next to it, as media-worker writes them
        String tenant = uniqueTenant();
        StoredRecording recording = storedRecording(tenant, ENDED, true);
        List<String> derivatives = new ArrayList<>();
        for (String suffix : ObjectKeys.DERIVATIVES) {
            String key = ObjectKeys.derivativeOf(recording.objectKey(), suffix);
            byte[] bytes = ("derivative " + suffix + " of " + recording.sha256()).getBytes(StandardCharsets.UTF_8);
            minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
            derivatives.add(key);
        }
        String path = "/v1/recordings/" + recording.id();
        String admin = token(tenant, "recordings:admin");

        // when it is on legal hold and an admin asks to delete it
        assertThat(send("PUT", path + "/legal-hold", admin, "{\"reason\":\"regulator request\"}").statusCode())
                .isEqualTo(200);
        assertProblem(send("DELETE", path, admin, null), 409);

        // then the derivatives stay with the original
        assertThat(derivatives).allSatisfy(key -> assertThat(objectExists(key)).as(key).isTrue());
        assertThat(objectExists(recording.objectKey())).isTrue();

        // when the hold is released and the recording deleted
        assertThat(send("DELETE", path + "/legal-hold", admin, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", path, admin, null).statusCode()).isEqualTo(204);

        // then the original and every derivative are gone, whether or not media-worker runs
        assertThat(objectExists(recording.objectKey())).isFalse();
        assertThat(derivatives).allSatisfy(key -> assertThat(objectExists(key)).as(key).isFalse());
    }

    @Test
    void shouldEraseARecordingOnceAndNeverResurrectItOnReplay() throws Exception {
        // given a stored recording
        String tenant = uniqueTenant();
        StoredRecording recording = storedRecording(tenant, ENDED, true);
        String path = "/v1/recordings/" + recording.id();

        // when callers without the admin scope or of another tenant try to delete it
        // then 403 and 404, and nothing is deleted
        assertProblem(send("DELETE", path, token(tenant, "recordings:read"), null), 403);
        assertProblem(send("DELETE", path, token(uniqueTenant(), "recordings:admin"), null), 404);
        assertThat(objectExists(recording.objectKey())).isTrue();

        // when the tenant's admin deletes it, twice
        HttpResponse<String> first = send("DELETE", path, token(tenant, "recordings:admin"), null);
        HttpResponse<String> second = send("DELETE", path, token(tenant, "recordings:admin"), null);

        // then both answer 204; the object is gone and its tombstone says USER_REQUEST; the entry is DELETED by the
        // caller, without object key or the parties' numbers; exactly one RecordingDeleted was published
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(second.statusCode()).isEqualTo(204);
        assertThat(objectExists(recording.objectKey())).isFalse();
        assertThat(tombstone(tenant, recording.id())).containsEntry("reason", "USER_REQUEST")
                .containsKey("deleted-at");
        JsonNode entry = body(get(path, token(tenant, "recordings:read")));
        assertThat(entry.get("status").asString()).isEqualTo("DELETED");
        assertThat(entry.get("deletionReason").asString()).isEqualTo("USER_REQUEST");
        assertThat(entry.get("deletedBy").asString()).isEqualTo("user-" + tenant);
        assertThat(entry.get("objectKey").isNull()).isTrue();
        assertThat(entry.get("from").isNull()).isTrue();
        assertThat(events(Topics.RECORDING_DELETED, recording.id(), 1)).singleElement()
                .isInstanceOfSatisfying(RecordingDeleted.class, event -> {
                    assertThat(event.getReason()).isEqualTo(DeletionReason.USER_REQUEST);
                    assertThat(event.getDeletedBy()).isEqualTo("user-" + tenant);
                    assertThat(event.getObjectKey()).isEqualTo(recording.objectKey());
                });

        // when its CallEnded and RecordingStored are replayed (new event ids, as a re-fetch would publish)
        UUID callEnded = UUID.randomUUID();
        UUID stored = UUID.randomUUID();
        publish(Topics.CALL_ENDED, callEnded(tenant, Provider.TWILIO, recording.sid(), ENDED).setEventId(callEnded)
                .build());
        publish(Topics.RECORDING_STORED, recordingStored(tenant, Provider.TWILIO, recording.sid(), ENDED, 10L,
                recording.sha256()).setEventId(stored).build());
        awaitProcessed(callEnded);
        awaitProcessed(stored);

        // then it stays DELETED, without object or the parties' numbers
        entry = body(get(path, token(tenant, "recordings:read")));
        assertThat(entry.get("status").asString()).isEqualTo("DELETED");
        assertThat(entry.get("objectKey").isNull()).isTrue();
        assertThat(entry.get("from").isNull()).isTrue();

        // and a hold can no longer be placed on it
        assertProblem(send("PUT", path + "/legal-hold", token(tenant, "recordings:admin"), "{\"reason\":\"late\"}"),
                409);
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }
}
