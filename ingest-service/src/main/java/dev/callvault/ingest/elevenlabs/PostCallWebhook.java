package dev.callvault.ingest.elevenlabs;

import java.util.Map;

/**
 * The few fields of an ElevenLabs post-call webhook that the ingest keeps; everything else (transcript, analysis,
 * {@code full_audio}) is skipped while parsing.
 *
 * @param type              top-level {@code type}: {@code post_call_transcription}, {@code post_call_audio},
 *                          {@code call_initiation_failure}, ...
 * @param eventTimestamp    top-level {@code event_timestamp}, Unix seconds, or {@code null}
 * @param agentId           {@code data.agent_id}
 * @param conversationId    {@code data.conversation_id}
 * @param hasAudio          {@code data.has_audio}, {@code null} when absent (older payloads)
 * @param startTimeUnixSecs {@code data.metadata.start_time_unix_secs}
 * @param callDurationSecs  {@code data.metadata.call_duration_secs}
 * @param direction         {@code data.metadata.phone_call.direction} ({@code inbound}/{@code outbound})
 * @param externalNumber    {@code data.metadata.phone_call.external_number}
 * @param agentNumber       {@code data.metadata.phone_call.agent_number}
 * @param details           other small scalar fields worth keeping as event metadata (status, termination reason,
 *                          phone call type and SID, audio flags), by dotted name
 */
public record PostCallWebhook(String type, Long eventTimestamp, String agentId, String conversationId,
        Boolean hasAudio, Long startTimeUnixSecs, Long callDurationSecs, String direction, String externalNumber,
        String agentNumber, Map<String, String> details) {

    /** {@code type} of a transcription webhook. */
    public static final String POST_CALL_TRANSCRIPTION = "post_call_transcription";
    /** {@code type} of an audio webhook ({@code data.full_audio} is base64 MP3, possibly tens of MB). */
    public static final String POST_CALL_AUDIO = "post_call_audio";
    /** {@code type} of a call that never started. */
    public static final String CALL_INITIATION_FAILURE = "call_initiation_failure";

    /** Keeps an unmodifiable copy of the details. */
    public PostCallWebhook {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
