package dev.callvault.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.AudioFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two tenants on one Twilio account, as deployed: each tenant's webhook for the same {@code RecordingSid} ends as its
 * own recording, object and catalog entry, and neither tenant's events are refused because of the other's.
 */
class TenantIsolationSystemTests {

    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(60);

    private static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
    }

    @Test
    void shouldKeepTwoTenantsOnOneTwilioAccountApartEndToEnd() {
        // given Twilio serves a real recording of a call on the account both tenants use
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sha256 = AudioFixtures.sha256Hex(audio);
        String recordingSid = Providers.newRecordingSid();
        system.provider.stubFor(Providers.twilioMedia(recordingSid).willReturn(Providers.mp3(audio)));

        // when Twilio's recording status callback for it reaches CallVault under each tenant's webhook URL
        HttpResponse<String> first = Webhooks.postTwilio(system, SystemUnderTest.TENANT,
                Webhooks.twilioCompleted(system, recordingSid));
        HttpResponse<String> second = Webhooks.postTwilio(system, SystemUnderTest.SHARING_TENANT,
                Webhooks.twilioCompleted(system, recordingSid));

        // then each tenant has its own recording, AVAILABLE with the provider's bytes under its own prefix
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        UUID own = RecordingIds.of(SystemUnderTest.TENANT, Provider.TWILIO, recordingSid);
        UUID sharing = RecordingIds.of(SystemUnderTest.SHARING_TENANT, Provider.TWILIO, recordingSid);
        assertThat(Catalog.json(first.body()).path("recordingId").asString()).isEqualTo(own.toString());
        assertThat(Catalog.json(second.body()).path("recordingId").asString()).isEqualTo(sharing.toString());
        for (Map.Entry<String, UUID> recording : Map.of(SystemUnderTest.TENANT, own,
                SystemUnderTest.SHARING_TENANT, sharing).entrySet()) {
            String tenant = recording.getKey();
            JsonNode entry = Catalog.awaitStatus(system, tenant, recording.getValue(), "AVAILABLE", PIPELINE_TIMEOUT);
            assertThat(entry.path("tenantId").asString()).isEqualTo(tenant);
            assertThat(entry.path("sha256").asString()).isEqualTo(sha256);
            String objectKey = entry.path("objectKey").asString();
            assertThat(objectKey).startsWith(tenant + "/").endsWith("/" + recording.getValue() + ".mp3");
            assertThat(system.bucket.sha256(objectKey)).isEqualTo(sha256);
        }

        // and neither tenant sees the other's recording, and no event of either was dead-lettered
        assertThat(Catalog.get(system, SystemUnderTest.TENANT, sharing).statusCode()).isEqualTo(404);
        assertThat(Catalog.get(system, SystemUnderTest.SHARING_TENANT, own).statusCode()).isEqualTo(404);
        for (UUID recordingId : new UUID[] {own, sharing}) {
            for (String topic : new String[] {Topics.CALL_ENDED, Topics.RECORDING_STORED}) {
                assertThat(system.topics.read(Topics.deadLetter(topic), recordingId, 1, Duration.ofSeconds(2)))
                        .as("dead letters of %s on %s", recordingId, topic).isEmpty();
            }
        }
    }
}
