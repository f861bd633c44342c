package dev.callvault.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.UUID;

/** Twilio- and ElevenLabs-shaped API paths served by WireMock, per recording. */
final class Providers {

    private Providers() {
    }

    static String newRecordingSid() {
        return "RE" + UUID.randomUUID().toString().replace("-", "");
    }

    static String newCallSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    static String newConversationId() {
        return "conv_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Twilio's media path of a recording: {@code /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3}. */
    static String twilioMediaPath(String recordingSid) {
        return "/2010-04-01/Accounts/" + SystemUnderTest.TWILIO_ACCOUNT_SID + "/Recordings/" + recordingSid + ".mp3";
    }

    /** Twilio's resource URL of a recording, as {@code RecordingUrl} gives it (no extension). */
    static String twilioRecordingUrl(WireMockServer provider, String recordingSid) {
        return provider.baseUrl() + "/2010-04-01/Accounts/" + SystemUnderTest.TWILIO_ACCOUNT_SID + "/Recordings/"
                + recordingSid;
    }

    static MappingBuilder twilioMedia(String recordingSid) {
        return get(urlPathEqualTo(twilioMediaPath(recordingSid)));
    }

    static MappingBuilder elevenLabsAudio(String conversationId) {
        return get(urlPathEqualTo("/v1/convai/conversations/" + conversationId + "/audio"))
                .withHeader("xi-api-key", equalTo(SystemUnderTest.ELEVENLABS_API_KEY));
    }

    static ResponseDefinitionBuilder mp3(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(body);
    }
}
