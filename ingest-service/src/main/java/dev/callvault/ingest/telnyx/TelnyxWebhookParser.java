package dev.callvault.ingest.telnyx;

import dev.callvault.ingest.webhook.MalformedWebhookException;
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
 * Reads a Telnyx Call Control webhook ({@code {"data": {"event_type": ..., "id": ..., "payload": {...}}, "meta":
 * {...}}}) with Jackson's streaming {@link JsonParser}, keeping only the scalar values at the paths of {@link #KEPT}.
 * Objects that lead to no kept path are skipped without being materialised. Field order does not matter; duplicate
 * names in one object are refused, so that the signed body cannot be read two ways.
 */
@Component
class TelnyxWebhookParser {

    /** The kept paths. */
    static final Set<String> KEPT = Set.of(
            TelnyxWebhook.EVENT_TYPE,
            TelnyxWebhook.EVENT_ID,
            TelnyxWebhook.OCCURRED_AT,
            TelnyxWebhook.RECORDING_ID,
            TelnyxWebhook.CALL_CONTROL_ID,
            TelnyxWebhook.CALL_LEG_ID,
            TelnyxWebhook.CALL_SESSION_ID,
            TelnyxWebhook.CONNECTION_ID,
            TelnyxWebhook.CHANNELS,
            TelnyxWebhook.RECORDING_STARTED_AT,
            TelnyxWebhook.RECORDING_ENDED_AT,
            TelnyxWebhook.WAV_URL,
            TelnyxWebhook.MP3_URL,
            TelnyxWebhook.FROM,
            TelnyxWebhook.TO,
            TelnyxWebhook.FORMAT);

    /** Longest string value that is ever materialised; kept values are ids, dates and presigned URLs. */
    static final int MAX_KEPT_STRING_LENGTH = 64 * 1024;

    private static final Set<String> PARENTS = parents();

    private final JsonFactory json = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_KEPT_STRING_LENGTH).build())
            .build();

    /**
     * Parses a webhook body whose signature has been verified.
     *
     * @param body the raw body
     * @return the kept values
     * @throws MalformedWebhookException if the body is not exactly one JSON object, or a kept path holds an object or
     *                                   an array
     */
    TelnyxWebhook parse(byte[] body) {
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
        return new TelnyxWebhook(fields);
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
