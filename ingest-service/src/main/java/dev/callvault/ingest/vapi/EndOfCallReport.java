package dev.callvault.ingest.vapi;

import java.util.Map;

/**
 * The fields of a Vapi server message that the ingest keeps, by their dotted path in the body (Vapi docs, "Server
 * events", https://docs.vapi.ai/server-url/events, and the API reference's {@code ServerMessageEndOfCallReport},
 * {@code Artifact} and {@code Call} schemas). Every value is the JSON scalar's text; numbers and dates are interpreted
 * by {@link VapiEndOfCallMapper}. Everything else (transcript, messages, analysis, costs, assistant) is skipped while
 * parsing.
 *
 * @param fields the kept scalar values by path, e.g. {@code message.type}, {@code message.call.id},
 *               {@code message.artifact.stereoRecordingUrl}; absent and {@code null} values are not in the map
 */
public record EndOfCallReport(Map<String, String> fields) {

    /** {@code message.type} of the report sent once a call ended and its post-processing is complete. */
    public static final String END_OF_CALL_REPORT = "end-of-call-report";

    /** Keeps an unmodifiable copy. */
    public EndOfCallReport {
        fields = Map.copyOf(fields);
    }

    /**
     * @param path the dotted path, e.g. {@code message.call.id}
     * @return the value, or {@code null} when absent, {@code null} or blank
     */
    public String get(String path) {
        String value = fields.get(path);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * @param paths dotted paths, by preference
     * @return the first of them that has a value, or {@code null}
     */
    public String first(String... paths) {
        for (String path : paths) {
            String value = get(path);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
