package dev.callvault.ingest.telnyx;

import java.util.Map;

/**
 * The fields of a Telnyx Call Control webhook that the ingest keeps, by their dotted path in the body (Telnyx docs,
 * "Call recording saved", https://developers.telnyx.com/api-reference/callbacks/call-recording-saved, and "Storing
 * call recordings", https://developers.telnyx.com/docs/voice/programmable-voice/storing-call-recordings). Every value
 * is the JSON scalar's text; dates are interpreted by {@link TelnyxRecordingSavedMapper}. Everything else
 * ({@code meta}, {@code client_state}, {@code public_recording_urls}, ...) is skipped while parsing.
 *
 * @param fields the kept scalar values by path, e.g. {@code data.event_type}, {@code data.payload.recording_id},
 *               {@code data.payload.recording_urls.wav}; absent and {@code null} values are not in the map
 */
record TelnyxWebhook(Map<String, String> fields) {

    /** {@code data.event_type} of the webhook sent once a call recording is stored and can be downloaded. */
    static final String CALL_RECORDING_SAVED = "call.recording.saved";

    static final String EVENT_TYPE = "data.event_type";
    static final String EVENT_ID = "data.id";
    static final String OCCURRED_AT = "data.occurred_at";
    static final String RECORDING_ID = "data.payload.recording_id";
    static final String CALL_CONTROL_ID = "data.payload.call_control_id";
    static final String CALL_LEG_ID = "data.payload.call_leg_id";
    static final String CALL_SESSION_ID = "data.payload.call_session_id";
    static final String CONNECTION_ID = "data.payload.connection_id";
    static final String CHANNELS = "data.payload.channels";
    static final String RECORDING_STARTED_AT = "data.payload.recording_started_at";
    static final String RECORDING_ENDED_AT = "data.payload.recording_ended_at";
    static final String WAV_URL = "data.payload.recording_urls.wav";
    static final String MP3_URL = "data.payload.recording_urls.mp3";
    static final String FROM = "data.payload.from";
    static final String TO = "data.payload.to";
    static final String FORMAT = "data.payload.format";

    /** Keeps an unmodifiable copy. */
    TelnyxWebhook {
        fields = Map.copyOf(fields);
    }

    /**
     * @param path the dotted path, e.g. {@code data.payload.recording_id}
     * @return the value, or {@code null} when absent, {@code null} or blank
     */
    String get(String path) {
        String value = fields.get(path);
        return value == null || value.isBlank() ? null : value;
    }
}
