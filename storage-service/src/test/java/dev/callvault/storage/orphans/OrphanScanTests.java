package dev.callvault.storage.orphans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.callvault.events.FetchRequested;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Topics;
import dev.callvault.storage.lifecycle.LifecycleTestSupport;
import dev.callvault.storage.orphans.OrphanFindings.EntryAction;
import dev.callvault.storage.orphans.OrphanFindings.EntryWithoutObject;
import dev.callvault.storage.orphans.OrphanFindings.ObjectAction;
import dev.callvault.storage.orphans.OrphanFindings.ObjectWithoutEntry;
import dev.callvault.storage.orphans.OrphanFindings.TenantFindings;
import dev.callvault.storage.orphans.OrphanScan.ScanResult;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The orphan scan in both directions against the real catalog, broker and S3Proxy (grace period
 * {@link #ORPHAN_GRACE_PERIOD}), and {@code GET /v1/admin/orphans}.
 */
class OrphanScanTests extends LifecycleTestSupport {

    private static final Duration GRACE = Duration.parse(ORPHAN_GRACE_PERIOD);

    @Autowired
    OrphanScan scan;

    @Test
    void shouldDeleteOldOrphansKeepYoungAndHeldOnesAndRequestMissingObjectsOnce() throws Exception {
        // given an object without any entry, the leftover of a deleted recording re-fetched by a replay, a second
        // object of a held recording, an AVAILABLE entry whose object is gone, and a recording with its object
        String tenant = uniqueTenant();
        Instant callEnded = Instant.now().minus(Duration.ofDays(2));
        String withoutEntry = putObject(ObjectKeys.of(tenant, callEnded, UUID.randomUUID(), "mp3"));
        StoredRecording deleted = storedRecording(tenant, callEnded, true);
        assertThat(send("DELETE", "/v1/recordings/" + deleted.id(), token(tenant, "recordings:admin"), null)
                .statusCode()).isEqualTo(204);
        putObject(deleted.objectKey());
        StoredRecording held = storedRecording(tenant, callEnded, true);
        assertThat(send("PUT", "/v1/recordings/" + held.id() + "/legal-hold", token(tenant, "recordings:admin"),
                "{\"reason\":\"case 2026-41\"}").statusCode()).isEqualTo(200);
        String heldSecond = putObject(ObjectKeys.of(tenant, callEnded, held.id(), "wav"));
        StoredRecording missing = storedRecording(tenant, callEnded, true);
        minio.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(missing.objectKey()).build());
        StoredRecording intact = storedRecording(tenant, callEnded, true);
        // and media-worker's peaks of the intact recording, and a rendition left over of a recording without entry
        String intactPeaks = putObject(ObjectKeys.derivativeOf(intact.objectKey(), ObjectKeys.PEAKS));
        String orphanRendition = putObject(ObjectKeys.derivativeOf(withoutEntry, ObjectKeys.OPUS));
        // and, once those are older than the grace period, a young object without an entry
        Instant oldWritten = Instant.now();
        await().atMost(GRACE.multipliedBy(3)).until(() -> Instant.now().isAfter(oldWritten.plus(GRACE).plusSeconds(1)));
        String young = putObject(ObjectKeys.of(tenant, callEnded, UUID.randomUUID(), "mp3"));

        // when the scan runs
        ScanResult result = scan.run();

        // then the old objects without an AVAILABLE entry are gone, the young and the held ones are kept
        assertThat(objectExists(withoutEntry)).isFalse();
        assertThat(objectExists(deleted.objectKey())).isFalse();
        assertThat(objectExists(young)).isTrue();
        assertThat(objectExists(heldSecond)).isTrue();
        assertThat(objectExists(held.objectKey())).isTrue();
        assertThat(objectExists(intact.objectKey())).isTrue();
        // and derivatives go with the recording they were derived from
        assertThat(objectExists(intactPeaks)).isTrue();
        assertThat(objectExists(orphanRendition)).isFalse();
        assertThat(statusOf(deleted.id())).isEqualTo("DELETED");
        // and the deleted recording's tombstone is neither deleted nor reported (it is not in the findings below)
        assertThat(tombstone(tenant, deleted.id())).containsEntry("reason", "USER_REQUEST");
        // and every finding of the tenant is listed with what was done
        TenantFindings findings = result.findings().of(tenant);
        assertThat(findings.listedObjectsWithoutEntry())
                .extracting(ObjectWithoutEntry::objectKey, ObjectWithoutEntry::action)
                .containsExactlyInAnyOrder(tuple(withoutEntry, ObjectAction.DELETED),
                        tuple(deleted.objectKey(), ObjectAction.DELETED),
                        tuple(heldSecond, ObjectAction.KEPT_LEGAL_HOLD),
                        tuple(young, ObjectAction.KEPT_GRACE_PERIOD),
                        tuple(orphanRendition, ObjectAction.DELETED));
        assertThat(findings.objectsWithoutEntry()).isEqualTo(5);
        assertThat(findings.listedEntriesWithoutObject())
                .extracting(EntryWithoutObject::recordingId, EntryWithoutObject::objectKey, EntryWithoutObject::action)
                .containsExactly(tuple(missing.id(), missing.objectKey(), EntryAction.FETCH_REQUESTED));
        assertThat(result.objectsDeleted()).isGreaterThanOrEqualTo(3);

        // when the scan runs again within the grace period
        ScanResult again = scan.run();

        // then the entry is listed as requested earlier, and only the first scan's request went out, for
        // fetch-worker
        assertThat(again.findings().of(tenant).listedEntriesWithoutObject())
                .extracting(EntryWithoutObject::recordingId, EntryWithoutObject::action)
                .containsExactly(tuple(missing.id(), EntryAction.FETCH_REQUESTED_EARLIER));
        List<SpecificRecord> requests = events(Topics.FETCH_REQUESTED, missing.id(), 1);
        assertThat(requests).singleElement().isInstanceOfSatisfying(FetchRequested.class, request -> {
            assertThat(request.getReason()).isEqualTo(OrphanScan.REASON);
            assertThat(request.getTenantId()).isEqualTo(tenant);
            assertThat(request.getProviderRecordingId()).isEqualTo(missing.sid());
            assertThat(request.getRequestedBy()).isNull();
        });
        // and the gauge reports both kinds
        String metrics = get("/actuator/prometheus", null).body();
        assertThat(gauge(metrics, "object_without_entry")).isGreaterThanOrEqualTo(1);
        assertThat(gauge(metrics, "entry_without_object")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldNeverDeleteAnObjectWhoseKeyNamesAnotherTenantThanItsRecordingsEntry() throws Exception {
        // given tenant A's stored recording, and an object of tenant B under the same recording id (what two tenants
        // on one provider account were left with while ids did not include the tenant: B's fetch wrote B's audio,
        // and B's events were refused because the id was A's)
        String owner = uniqueTenant();
        String other = uniqueTenant();
        Instant callEnded = Instant.now().minus(Duration.ofDays(1));
        StoredRecording owned = storedRecording(owner, callEnded, true);
        String othersObject = putObject(ObjectKeys.of(other, callEnded, owned.id(), "mp3"));
        Instant written = Instant.now();
        await().atMost(GRACE.multipliedBy(3)).until(() -> Instant.now().isAfter(written.plus(GRACE).plusSeconds(1)));

        // when the scan runs after the grace period
        ScanResult result = scan.run();

        // then the other tenant's object is kept and reported for a person, and the owner's is untouched
        assertThat(objectExists(othersObject)).isTrue();
        assertThat(objectExists(owned.objectKey())).isTrue();
        assertThat(result.findings().of(other).listedObjectsWithoutEntry())
                .extracting(ObjectWithoutEntry::objectKey, ObjectWithoutEntry::action)
                .containsExactly(tuple(othersObject, ObjectAction.KEPT_OTHER_TENANT));
        assertThat(statusOf(owned.id())).isEqualTo("AVAILABLE");
    }

    @Test
    void shouldServeOnlyTheCallersTenantsFindingsToAdmins() throws Exception {
        // given a young object without an entry in each of two tenants, and a scan
        String tenant = uniqueTenant();
        String other = uniqueTenant();
        String own = putObject(ObjectKeys.of(tenant, Instant.now(), UUID.randomUUID(), "mp3"));
        String others = putObject(ObjectKeys.of(other, Instant.now(), UUID.randomUUID(), "mp3"));
        ScanResult result = scan.run();

        // when the tenant's admin asks for the orphans
        HttpResponse<String> response = get("/v1/admin/orphans", token(tenant, "recordings:admin"));

        // then only the tenant's finding is served, kept for the grace period
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(Instant.parse(body.get("scannedAt").asString())).isEqualTo(result.scannedAt());
        assertThat(body.get("objectsWithoutEntryCount").asLong()).isEqualTo(1);
        assertThat(body.get("entriesWithoutObjectCount").asLong()).isZero();
        assertThat(body.get("objectsWithoutEntry")).hasSize(1);
        JsonNode finding = body.get("objectsWithoutEntry").get(0);
        assertThat(finding.get("objectKey").asString()).isEqualTo(own);
        assertThat(finding.get("sizeBytes").asLong()).isEqualTo(contentOf(own).length);
        assertThat(finding.get("action").asString()).isEqualTo("KEPT_GRACE_PERIOD");
        assertThat(finding.get("lastModified").isString()).isTrue();
        assertThat(body.get("entriesWithoutObject")).isEmpty();
        assertThat(response.body()).doesNotContain(others);
        assertThat(objectExists(own)).isTrue();
        assertThat(objectExists(others)).isTrue();

        // when a reader without the admin scope, or a caller without a token, asks
        HttpResponse<String> reader = get("/v1/admin/orphans", token(tenant, "recordings:read"));
        HttpResponse<String> anonymous = get("/v1/admin/orphans", null);

        // then they are refused with problem details
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private String putObject(String key) throws Exception {
        byte[] content = contentOf(key);
        minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L)
                .contentType("audio/mpeg").build());
        return key;
    }

    private static byte[] contentOf(String key) {
        return ("ID3 orphan " + key).getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code callvault_orphans{kind=...}} in a Prometheus scrape. */
    private static double gauge(String scrape, String kind) {
        return scrape.lines()
                .filter(line -> line.startsWith("callvault_orphans{") && line.contains("kind=\"" + kind + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no callvault_orphans{kind=\"" + kind + "\"} in the scrape"));
    }
}
