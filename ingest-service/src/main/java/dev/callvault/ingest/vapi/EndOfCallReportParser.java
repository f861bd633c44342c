package dev.callvault.ingest.vapi;

import dev.callvault.ingest.webhook.MalformedWebhookException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a Vapi server message ({@code {"message": {"type": ..., "call": {...}, "artifact": {...}, ...}}}) with
 * Jackson's streaming {@link JsonParser}, keeping only the scalar values at the paths of {@link #KEPT}. Objects that
 * lead to no kept path and values that are not kept are skipped without being materialised, so memory does not grow
 * with the report's transcript, messages or assistant configuration. Field order does not matter; duplicate names in
 * one object are refused, so that the report cannot be read two ways.
 */
@Component
public class EndOfCallReportParser {

    /** The kept paths. */
    static final Set<String> KEPT = Set.of(
            "message.type",
            "message.timestamp",
            "message.endedReason",
            "message.startedAt",
            "message.endedAt",
            "message.durationSeconds",
            "message.durationMs",
            "message.recordingUrl",
            "message.stereoRecordingUrl",
            "message.artifact.recordingUrl",
            "message.artifact.stereoRecordingUrl",
            "message.artifact.recording.stereoUrl",
            "message.artifact.recording.mono.combinedUrl",
            "message.artifact.recording.mono.assistantUrl",
            "message.artifact.recording.mono.customerUrl",
            "message.call.id",
            "message.call.orgId",
            "message.call.type",
            "message.call.assistantId",
            "message.call.startedAt",
            "message.call.endedAt",
            "message.call.customer.number",
            "message.customer.number",
            "message.phoneNumber.number",
            "message.assistant.id");

    /** Longest string value that is ever materialised; kept values are ids, dates and pre-signed URLs. */
    static final int MAX_KEPT_STRING_LENGTH = 64 * 1024;

    private static final Set<String> PARENTS = parents();

    private final JsonFactory json = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_KEPT_STRING_LENGTH).build())
            .build();

    /**
     * Parses a server message body.
     *
     * @param body the raw body; read to its end, not closed
     * @return the kept values
     * @throws MalformedWebhookException if the body is not exactly one JSON object, or a kept path holds an object or
     *                                   an array
     * @throws RuntimeException          whatever {@code body} throws (unchecked, e.g. a size limit), unchanged
     */
    public EndOfCallReport parse(InputStream body) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedWebhookException("The body is not a JSON object.");
            }
            readObject(parser, "", fields);
            if (parser.nextToken() != null) {
                throw new MalformedWebhookException("The body has content after its JSON object.");
            }
        } catch (JacksonException e) {
            throw MalformedWebhookException.of(e);
        }
        return new EndOfCallReport(fields);
    }

    private static void readObject(JsonParser parser, String path, Map<String, String> fields) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
            JsonToken value = parser.nextToken();
            if (KEPT.contains(name)) {
                if (!value.isScalarValue()) {
                    throw new MalformedWebhookException(name + " must be a string or a number.");
                }
                if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getString());
                }
            } else if (value == JsonToken.START_OBJECT && PARENTS.contains(name)) {
                readObject(parser, name, fields);
            } else {
                parser.skipChildren();
            }
        }
    }

    private static Set<String> parents() {
        Set<String> parents = new HashSet<>();
        for (String path : KEPT) {
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                parents.add(path.substring(0, dot));
            }
        }
        return Set.copyOf(parents);
    }
}
