package dev.callvault.ingest.elevenlabs;

import dev.callvault.ingest.webhook.MalformedWebhookException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import org.springframework.stereotype.Component;

/**
 * Reads an ElevenLabs post-call webhook with Jackson's streaming {@link JsonParser}, keeping only the fields of
 * {@link PostCallWebhook}. Values that are not kept are skipped without being materialised: a {@code full_audio}
 * string of tens of megabytes passes through a fixed-size buffer, so memory does not grow with the body.
 *
 * <p>Payload shape (ElevenLabs docs, "Post-call webhooks",
 * https://elevenlabs.io/docs/eleven-agents/workflows/post-call-webhooks): {@code {"type", "event_timestamp", "data":
 * {"agent_id", "conversation_id", "status", "has_audio", "has_user_audio", "has_response_audio", "metadata":
 * {"start_time_unix_secs", "call_duration_secs", "termination_reason", "phone_call": {"direction",
 * "external_number", "agent_number", "type", "call_sid", ...}}, "transcript": [...], "analysis": {...},
 * "full_audio": "..."}}}. Field order does not matter.
 */
@Component
public class PostCallWebhookParser {

    /** Longest string value that is ever materialised; kept values are ids, numbers and short labels. */
    static final int MAX_KEPT_STRING_LENGTH = 64 * 1024;

    private static final Set<String> DATA_DETAILS = Set.of("status", "has_user_audio", "has_response_audio",
            "user_id", "branch_id");
    private static final Set<String> METADATA_DETAILS = Set.of("termination_reason", "main_language",
            "accepted_time_unix_secs", "batch_call_id");
    private static final Set<String> PHONE_CALL_DETAILS = Set.of("type", "call_sid", "stream_sid",
            "phone_number_id");

    private final JsonFactory json = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_KEPT_STRING_LENGTH).build())
            .build();

    /**
     * Parses a webhook body.
     *
     * @param body   the raw body; read up to the end of the JSON value (and the parser's read-ahead), not closed
     * @param onType called once with the top-level {@code type} as soon as it is read, e.g. to tighten a size limit
     * @return the kept fields
     * @throws MalformedWebhookException if the body is not one JSON object, or a kept field has the wrong JSON type
     * @throws RuntimeException          whatever {@code body} or {@code onType} throw (unchecked), unchanged
     */
    public PostCallWebhook parse(InputStream body, Consumer<String> onType) {
        Fields fields = new Fields();
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedWebhookException("The body is not a JSON object.");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> {
                        fields.type = text(parser, value, "type");
                        onType.accept(fields.type);
                    }
                    case "event_timestamp" -> fields.eventTimestamp = number(parser, value, "event_timestamp");
                    case "data" -> {
                        if (value == JsonToken.START_OBJECT) {
                            readData(parser, fields);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new MalformedWebhookException("The body is not a JSON object.");
            }
            if (parser.nextToken() != null) {
                throw new MalformedWebhookException("The body has content after its JSON object.");
            }
        } catch (JacksonException e) {
            throw MalformedWebhookException.of(e);
        }
        return new PostCallWebhook(fields.type, fields.eventTimestamp, fields.agentId, fields.conversationId,
                fields.hasAudio, fields.startTime, fields.duration, fields.direction, fields.externalNumber,
                fields.agentNumber, fields.details);
    }

    private static void readData(JsonParser parser, Fields fields) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "agent_id" -> fields.agentId = text(parser, value, "data.agent_id");
                case "conversation_id" -> fields.conversationId = text(parser, value, "data.conversation_id");
                case "has_audio" -> fields.hasAudio = bool(value, "data.has_audio");
                case "metadata" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readMetadata(parser, fields);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> keepOrSkip(parser, value, name, DATA_DETAILS, "", fields);
            }
        }
    }

    private static void readMetadata(JsonParser parser, Fields fields) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "start_time_unix_secs" -> fields.startTime = number(parser, value, "start_time_unix_secs");
                case "call_duration_secs" -> fields.duration = number(parser, value, "call_duration_secs");
                case "phone_call" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readPhoneCall(parser, fields);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> keepOrSkip(parser, value, name, METADATA_DETAILS, "metadata.", fields);
            }
        }
    }

    private static void readPhoneCall(JsonParser parser, Fields fields) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "direction" -> fields.direction = text(parser, value, "phone_call.direction");
                case "external_number" -> fields.externalNumber = text(parser, value, "phone_call.external_number");
                case "agent_number" -> fields.agentNumber = text(parser, value, "phone_call.agent_number");
                default -> keepOrSkip(parser, value, name, PHONE_CALL_DETAILS, "phone_call.", fields);
            }
        }
    }

    private static void keepOrSkip(JsonParser parser, JsonToken value, String name, Set<String> kept, String prefix,
            Fields fields) {
        if (kept.contains(name) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
            fields.details.put(prefix + name, parser.getString());
        } else {
            parser.skipChildren();
        }
    }

    private static String text(JsonParser parser, JsonToken value, String name) {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> parser.getString();
            default -> throw new MalformedWebhookException(name + " must be a string.");
        };
    }

    private static Long number(JsonParser parser, JsonToken value, String name) {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> (long) parser.getDoubleValue();
            default -> throw new MalformedWebhookException(name + " must be a number.");
        };
    }

    private static Boolean bool(JsonToken value, String name) {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new MalformedWebhookException(name + " must be a boolean.");
        };
    }

    private static final class Fields {
        String type;
        Long eventTimestamp;
        String agentId;
        String conversationId;
        Boolean hasAudio;
        Long startTime;
        Long duration;
        String direction;
        String externalNumber;
        String agentNumber;
        final Map<String, String> details = new LinkedHashMap<>();
    }
}
