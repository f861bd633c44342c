package dev.callvault.fetch.fetching;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.ServerSideEncryption;
import dev.callvault.events.Topics;
import dev.callvault.fetch.FetchWorkerTestSupport;
import dev.callvault.local.testing.AudioFixtures;
import dev.callvault.local.testing.SharedInfrastructure;
import io.minio.StatObjectArgs;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Recordings fetched from Twilio and ElevenLabs land byte-identical in the bucket, announced by RecordingStored. */
class ProviderFetchTests extends FetchWorkerTestSupport {

    @Test
    void shouldStoreTwilioDualChannelMp3ByteForByte() throws Exception {
        // given
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(audio)));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        RecordingStored event = stored.getFirst();
        String key = objectKey(call, "mp3");
        assertThat(event.getObjectKey()).isEqualTo(key);
        assertThat(event.getBucket()).isEqualTo(BUCKET);
        assertThat(event.getContentType()).isEqualTo("audio/mpeg");
        assertThat(event.getSizeBytes()).isEqualTo(audio.length);
        assertThat(event.getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(event.getTenantId()).isEqualTo(TENANT);
        assertThat(event.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(event.getDurationSeconds()).isEqualTo(8);
        assertThat(event.getChannels()).isEqualTo(2);
        assertThat(event.getCallEndedAt()).isEqualTo(call.getCallEndedAt());
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(keysOf(call.getRecordingId())).containsExactly(key);
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path))
                .withBasicAuth(new BasicCredentials(ACCOUNT_SID, AUTH_TOKEN))
                .withQueryParam("RequestedChannels", equalTo("2")));
    }

    @Test
    void shouldStoreFetchedRecordingEncryptedAtRestWithSseS3ByDefault() throws Exception {
        // given the default encryption (sse-s3) and S3Proxy's in-memory store, which keeps and echoes SSE headers
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = newRecordingSid();
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(sid, "mp3"))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(audio)));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then the event says SSE_S3 without a key id, the store reports the object as put with
        // x-amz-server-side-encryption: AES256, and its bytes read back identical
        RecordingStored event = awaitStored(call.getRecordingId(), 1).getFirst();
        assertThat(event.getServerSideEncryption()).isEqualTo(ServerSideEncryption.SSE_S3);
        assertThat(event.getEncryptionKeyId()).isNull();
        String key = objectKey(call, "mp3");
        assertThat(bucket().serverSideEncryption(key)).isEqualTo("AES256");
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(audio));
    }

    @Test
    void shouldStoreElevenLabsConversationFetchedWithApiKey() throws Exception {
        // given
        byte[] audio = AudioFixtures.bytes(AudioFixtures.ELEVENLABS_CONVERSATION_MP3);
        String conversationId = newConversationId();
        String path = elevenLabsAudioPath(conversationId);
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(audio)));
        CallEnded call = elevenLabsCall(conversationId).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        String key = objectKey(call, "mp3");
        assertThat(stored.getFirst().getObjectKey()).isEqualTo(key);
        assertThat(stored.getFirst().getContentType()).isEqualTo("audio/mpeg");
        assertThat(stored.getFirst().getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(stored.getFirst().getSizeBytes()).isEqualTo(audio.length);
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(audio));
        PROVIDER.verify(1, getRequestedFor(urlPathEqualTo(path)).withHeader("xi-api-key", equalTo(XI_API_KEY))
                .withoutHeader("Authorization"));
    }

    @Test
    void shouldStreamRecordingLargerThanOnePartAsMultipartUpload() throws Exception {
        // given: about 11 MB of MP3 frames (over two 5 MiB parts, under the 12 MB maximum), served without
        // Content-Length
        byte[] chunk = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        byte[] audio = new byte[(11 * 1024 * 1024 / chunk.length + 1) * chunk.length];
        for (int offset = 0; offset < audio.length; offset += chunk.length) {
            System.arraycopy(chunk, 0, audio, offset, chunk.length);
        }
        String sid = newRecordingSid();
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(sid, "mp3"))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(audio)));
        CallEnded call = twilioCall(sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().getSizeBytes()).isEqualTo(audio.length);
        assertThat(stored.getFirst().getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(bucket().sha256(objectKey(call, "mp3"))).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(stored.getFirst().getServerSideEncryption()).isEqualTo(ServerSideEncryption.SSE_S3);
        assertThat(bucket().serverSideEncryption(objectKey(call, "mp3"))).isEqualTo("AES256");
    }

    @Test
    void shouldStoreWavUnderItsSniffedFormatWhenTwilioServesWav() throws Exception {
        // given: Twilio answers the .mp3 URL with a WAV body, and a mono call is not asked for two channels
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(audio)));
        CallEnded call = twilioCall(sid).setChannels(1).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        String key = objectKey(call, "wav");
        assertThat(stored.getFirst().getObjectKey()).isEqualTo(key);
        assertThat(stored.getFirst().getContentType()).isEqualTo("audio/wav");
        assertThat(stored.getFirst().getSha256()).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(audio));
        assertThat(keysOf(call.getRecordingId())).containsExactly(key);
        // every request of this recording, the first and any an at-least-once redelivery or an in-place retry adds
        // (a rerun finds no .mp3 object and asks Twilio again), asked for the recording as made: no RequestedChannels
        assertThat(PROVIDER.findAll(getRequestedFor(urlPathEqualTo(path)))).isNotEmpty();
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(path)).withQueryParam("RequestedChannels", matching(".*")));
    }

    @Test
    void shouldReemitWithoutWritingWhenAReplayedRecordingIsFoundUnderItsSniffedFormat() throws Exception {
        // given: a call whose recording Twilio served as WAV for the .mp3 URL, stored under the .wav key
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_WAV);
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/wav").withBody(audio)));
        CallEnded call = twilioCall(sid).setChannels(1).build();
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);
        RecordingStored first = awaitStored(call.getRecordingId(), 1).getFirst();
        String key = objectKey(call, "wav");
        var writtenAt = SharedInfrastructure.s3().client().statObject(StatObjectArgs.builder().bucket(BUCKET)
                .object(key).build()).lastModified();

        // when the call is replayed (the expected .mp3 key is missing, so the provider is asked again)
        Thread.sleep(1_100); // a second write would show in Last-Modified, which has a resolution of one second
        publish(Topics.CALL_ENDED, call.getRecordingId(), CallEnded.newBuilder(call).setEventId(UUID.randomUUID())
                .build());

        // then the same fact is re-emitted, and the object is neither written again nor stored under a second key
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 2);
        assertThat(stored).extracting(RecordingStored::getEventId).containsOnly(first.getEventId());
        assertThat(stored).extracting(RecordingStored::getObjectKey).containsOnly(key);
        assertThat(keysOf(call.getRecordingId())).containsExactly(key);
        assertThat(SharedInfrastructure.s3().client().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key)
                .build()).lastModified()).isEqualTo(writtenAt);
        assertThat(bucket().sha256(key)).isEqualTo(AudioFixtures.sha256Hex(audio));
    }

    @Test
    void shouldHandleFetchRequestedLikeCallEnded() throws Exception {
        // given
        byte[] audio = AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3);
        String sid = newRecordingSid();
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(sid, "mp3"))).willReturn(aResponse().withStatus(200)
                .withBody(audio)));
        CallEnded call = twilioCall(sid).build();
        FetchRequested command = backfillOf(call);

        // when
        publish(Topics.FETCH_REQUESTED, call.getRecordingId(), command);

        // then
        List<RecordingStored> stored = awaitStored(call.getRecordingId(), 1);
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().getObjectKey()).isEqualTo(objectKey(call, "mp3"));
        assertThat(bucket().sha256(objectKey(call, "mp3"))).isEqualTo(AudioFixtures.sha256Hex(audio));
    }

    @Test
    void shouldSkipCallWhoseRecordingIsUnavailable() throws Exception {
        // given
        String sid = newRecordingSid();
        CallEnded unavailable = twilioCall(sid).setRecordingAvailable(false).setUnavailableReason("absent").build();
        String nextSid = newRecordingSid();
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(nextSid, "mp3"))).willReturn(aResponse()
                .withStatus(200).withBody(AudioFixtures.bytes(AudioFixtures.TWILIO_DUAL_CHANNEL_MP3))));
        CallEnded next = twilioCall(nextSid).build();

        // when: the unavailable call, then on the same partition (same key) a call that is fetched
        publish(Topics.CALL_ENDED, unavailable.getRecordingId(), unavailable);
        publish(Topics.CALL_ENDED, unavailable.getRecordingId(), next);

        // then: the second was processed, the first never reached the provider nor produced an outcome
        assertThat(awaitStored(next.getRecordingId(), 1)).hasSize(1);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(twilioMediaPath(sid, "mp3"))));
        assertThat(topics().read(Topics.RECORDING_STORED, unavailable.getRecordingId(), 1, Duration.ofSeconds(1)))
                .isEmpty();
        assertThat(topics().read(Topics.RECORDING_FETCH_FAILED, unavailable.getRecordingId(), 1,
                Duration.ofSeconds(1))).isEmpty();
        assertThat(keysOf(unavailable.getRecordingId())).isEmpty();
    }

    @Test
    void shouldFailWithoutCallingTheProviderWhenTheTenantHasNoCredentials() throws Exception {
        // given
        String sid = newRecordingSid();
        CallEnded call = twilioCall("no-credentials", sid).build();

        // when
        publish(Topics.CALL_ENDED, call.getRecordingId(), call);

        // then
        List<RecordingFetchFailed> failed = awaitFailed(call.getRecordingId(), 1);
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().getErrorCode()).isEqualTo("UNKNOWN_TENANT_CREDENTIALS");
        assertThat(failed.getFirst().getRetryable()).isFalse();
        assertThat(failed.getFirst().getAttempts()).isEqualTo(1);
        assertThat(failed.getFirst().getHttpStatus()).isNull();
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo("/twilio/2010-04-01/Accounts/" + ACCOUNT_SID
                + "/Recordings/" + sid + ".mp3")));
    }

    @Test
    void shouldFetchAReplayedEventUnderTheLegacyIdItWasMintedWith() throws Exception {
        // given a CallEnded published before recording ids included the tenant, replayed now
        String sid = newRecordingSid();
        PROVIDER.stubFor(get(urlPathEqualTo(twilioMediaPath(sid, "mp3"))).willReturn(audio()));
        UUID legacyId = RecordingIds.legacyOf(Provider.TWILIO, sid);
        CallEnded replayed = twilioCall(sid).setRecordingId(legacyId).build();

        // when
        publish(Topics.CALL_ENDED, legacyId, replayed);

        // then it is stored and announced under the id it carries, with the provider's recording id
        RecordingStored stored = awaitStored(legacyId, 1).getFirst();
        assertThat(stored.getObjectKey()).isEqualTo(objectKey(replayed, "mp3"));
        assertThat(stored.getProviderRecordingId()).isEqualTo(sid);
        assertThat(bucket().sha256(stored.getObjectKey())).isEqualTo(AudioFixtures.sha256Hex(AUDIO));
    }

    @Test
    void shouldRefuseAnEventWhoseRecordingIdBelongsToAnotherTenant() throws Exception {
        // given a CallEnded of this tenant that carries the id another tenant's recording of the same RecordingSid has
        String sid = newRecordingSid();
        String path = twilioMediaPath(sid, "mp3");
        PROVIDER.stubFor(get(urlPathEqualTo(path)).willReturn(audio()));
        UUID othersId = RecordingIds.of("globex", Provider.TWILIO, sid);
        CallEnded forged = twilioCall(sid).setRecordingId(othersId).build();

        // when
        publish(Topics.CALL_ENDED, othersId, forged);

        // then it fails for good as an invalid event, with no request to the provider and no object
        RecordingFetchFailed failed = awaitFailed(othersId, 1).getFirst();
        assertThat(failed.getErrorCode()).isEqualTo("INVALID_EVENT");
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getProviderRecordingId()).isEqualTo(sid);
        PROVIDER.verify(0, getRequestedFor(urlPathEqualTo(path)));
        assertThat(keysOf(othersId)).isEmpty();
    }
}
