package dev.callvault.playback.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callvault.events.AccessAction;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.local.testing.TopicReader;
import dev.callvault.playback.IntegrationTestSupport;
import dev.callvault.playback.PlaybackProperties;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/recordings/{id}/playback-url}: shapes, tenancy, refusals, audit, and a URL of a retired key. */
class PlaybackUrlTests extends IntegrationTestSupport {

    private String tenant;
    private StoredRecording recording;

    @BeforeEach
    void givenAnAvailableRecording() {
        tenant = uniqueTenant();
        recording = givenAvailableRecording(tenant, AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
    }

    @Test
    void shouldMintUrlWithDefaultTtlAndAuditUrlIssued() {
        // when
        Instant before = Instant.now();
        HttpResponse<String> response = mint(recording.id(), token(tenant, "recordings:read"), null);

        // then 201 with url, expiresAt and expiresIn (one hour by default)
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = body(response);
        URI url = URI.create(body.get("url").asString());
        assertThat(url.getPath()).isEqualTo("/v1/streams/" + recording.id());
        assertThat(url.getRawQuery()).matches("exp=\\d+&kid=k2&sub=user-[^&]+&sig=[A-Za-z0-9_-]{43}");
        assertThat(url.toString()).startsWith("http://127.0.0.1:8084/");
        assertThat(body.get("expiresIn").asLong()).isBetween(3595L, 3600L);
        Instant expiresAt = Instant.parse(body.get("expiresAt").asString());
        assertThat(expiresAt.getEpochSecond()).isCloseTo(before.plusSeconds(3600).getEpochSecond(), within(5L));

        // and a URL_ISSUED event with the subject, status 201 and the URL's expiry is on the audit topic
        List<SpecificRecord> events = new TopicReader(SharedInfrastructure.kafka().bootstrapServers())
                .read(Topics.RECORDING_ACCESSED, recording.id(), 1, Duration.ofSeconds(20));
        assertThat(events).hasSize(1);
        RecordingAccessed issued = (RecordingAccessed) events.getFirst();
        assertThat(issued.getAction()).isEqualTo(AccessAction.URL_ISSUED);
        assertThat(issued.getSubject()).isEqualTo("user-" + tenant);
        assertThat(issued.getTenantId()).isEqualTo(tenant);
        assertThat(issued.getHttpStatus()).isEqualTo(201);
        assertThat(issued.getUrlExpiresAt()).isEqualTo(expiresAt);
        assertThat(issued.getClientAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldHonourTtlAndDispositionAndRefreshOnEveryCall() {
        // when
        String reader = token(tenant, "recordings:read");
        JsonNode first = body(mint(recording.id(), reader, "{\"ttlSeconds\": 120, \"disposition\": \"attachment\"}"));
        JsonNode second = body(mint(recording.id(), reader, "{\"ttlSeconds\": 86400}"));

        // then
        assertThat(first.get("expiresIn").asLong()).isBetween(118L, 120L);
        assertThat(first.get("url").asString()).endsWith("&disposition=attachment");
        assertThat(second.get("expiresIn").asLong()).isBetween(86395L, 86400L);
        assertThat(second.get("url").asString()).doesNotContain("disposition").isNotEqualTo(first.get("url").asString());
    }

    @Test
    void shouldRejectBadTtlAndDispositionWithoutIssuingAnything() {
        String reader = token(tenant, "recordings:read");
        for (String body : List.of("{\"ttlSeconds\": 0}", "{\"ttlSeconds\": -5}", "{\"ttlSeconds\": 86401}",
                "{\"disposition\": \"download\"}", "{\"ttlSeconds\": \"soon\"}", "{not json")) {
            // when
            HttpResponse<String> response = mint(recording.id(), reader, body);

            // then
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        // and nothing was audited
        assertThat(new TopicReader(SharedInfrastructure.kafka().bootstrapServers())
                .read(Topics.RECORDING_ACCESSED, recording.id(), 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void shouldAnswerNotFoundForUnknownOrOtherTenantsRecording() {
        // when
        HttpResponse<String> otherTenant = mint(recording.id(), token(uniqueTenant(), "recordings:read"), null);
        HttpResponse<String> unknown = mint(UUID.randomUUID(), token(tenant, "recordings:read"), null);

        // then
        assertThat(otherTenant.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(otherTenant).get("title").asString()).isEqualTo("Recording not found");
    }

    @Test
    void shouldAnswerConflictWithStatusWhenNotAvailable() {
        // given a recording that is still pending
        String sid = uniqueRecordingSid();
        UUID pending = RecordingIds.of(tenant, Provider.TWILIO, sid);
        publish(callEnded(tenant, sid, Instant.parse("2026-03-01T09:00:00Z")).build());
        awaitStatus(pending, "PENDING");

        // when
        HttpResponse<String> response = mint(pending, token(tenant, "recordings:read"), null);

        // then
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(body(response).get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void shouldRequireTokenWithReadScope() {
        assertThat(mint(recording.id(), null, null).statusCode()).isEqualTo(401);
        assertThat(mint(recording.id(), token(tenant, "recordings:write"), null).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldStreamUrlSignedWithRetiredButListedKey() {
        // given a URL signed with k1 (listed, no longer active) for this recording
        UrlSigner retired = new UrlSigner(new PlaybackProperties(Map.of(RETIRED_KID, RETIRED_SECRET), RETIRED_KID,
                Duration.ofHours(1), Duration.ofHours(24), URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(5)), Clock.systemUTC());
        URI url = retired.sign(recording.id(), tenant, "user-" + tenant, Duration.ofMinutes(5), Disposition.INLINE)
                .url();

        // when
        HttpResponse<byte[]> response = request("GET", url.getRawPath() + "?" + url.getRawQuery());

        // then the service still accepts it
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AudioFixtures.sha256Hex(response.body())).isEqualTo(recording.sha256());
    }
}
