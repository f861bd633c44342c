package dev.callvault.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.CallEnded;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The build-time gate: {@code ./mvnw verify} fails when a schema breaks compatibility with a published version. */
class SchemaCompatibilityGateTests {

    @Test
    void shouldKeepEveryCurrentSchemaCompatibleWithEveryPublishedVersion() {
        for (Class<? extends SpecificRecord> type : EventSchemas.EVENT_TYPES) {
            // given every published version of the event
            List<Schema> published = EventSchemas.published(type);
            assertThat(published).as("published versions of %s", type.getSimpleName()).isNotEmpty();

            // when the current schema is checked against them
            List<String> violations = SchemaCompatibilityGate.violations(EventSchemas.current(type), published);

            // then there is nothing to report
            assertThat(violations).as("compatibility of %s", type.getSimpleName()).isEmpty();
        }
    }

    @Test
    void shouldRejectANewRequiredFieldWithoutDefault() {
        // given CallEnded with a new field that old data cannot fill
        Schema candidate = withExtraField(EventSchemas.current(CallEnded.class),
                "{\"name\": \"agentEmail\", \"type\": \"string\"}");

        // when
        List<String> violations = SchemaCompatibilityGate.violations(candidate, EventSchemas.published(CallEnded.class));

        // then the new reader cannot read old data
        assertThat(violations).singleElement().asString()
                .contains("not backward compatible")
                .contains("agentEmail");
    }

    @Test
    void shouldRejectARemovedFieldThatOldReadersNeed() {
        // given CallEnded without providerRecordingId, which published readers require
        Schema current = EventSchemas.current(CallEnded.class);
        Schema candidate = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                current.getFields().stream()
                        .filter(field -> !field.name().equals("providerRecordingId"))
                        .map(field -> new Schema.Field(field, field.schema()))
                        .toList());
        assertThat(candidate.getField("providerRecordingId")).isNull();

        // when
        List<String> violations = SchemaCompatibilityGate.violations(candidate, EventSchemas.published(CallEnded.class));

        // then old readers cannot read new data
        assertThat(violations).singleElement().asString().contains("not forward compatible");
    }

    @Test
    void shouldAcceptAnOptionalFieldWithDefault() {
        // given CallEnded with a new optional field
        Schema candidate = withExtraField(EventSchemas.current(CallEnded.class),
                "{\"name\": \"campaign\", \"type\": [\"null\", \"string\"], \"default\": null}");

        // when / then
        assertThat(SchemaCompatibilityGate.violations(candidate, EventSchemas.published(CallEnded.class))).isEmpty();
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        int end = json.lastIndexOf("]");
        return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
    }
}
