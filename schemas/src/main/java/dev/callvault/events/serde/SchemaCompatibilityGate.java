package dev.callvault.events.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The build-time schema compatibility gate: a candidate schema must be both backward compatible (a reader with the
 * candidate reads data written with every published version) and forward compatible (a reader with every published
 * version reads data written with the candidate). Uses Avro's {@link SchemaCompatibility} (Avro specification,
 * "Schema Resolution").
 */
public final class SchemaCompatibilityGate {

    private SchemaCompatibilityGate() {
    }

    /**
     * Checks a candidate schema against published versions.
     *
     * @param candidate the schema about to be released
     * @param published every published version, oldest first
     * @return one human-readable line per incompatibility; empty when the candidate passes
     */
    public static List<String> violations(Schema candidate, List<Schema> published) {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            Schema version = published.get(i);
            String label = candidate.getFullName() + " vs published v" + (i + 1);
            SchemaPairCompatibility backward = SchemaCompatibility.checkReaderWriterCompatibility(candidate, version);
            if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
                violations.add(label + ": not backward compatible (new reader, old data): " + describe(backward));
            }
            SchemaPairCompatibility forward = SchemaCompatibility.checkReaderWriterCompatibility(version, candidate);
            if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
                violations.add(label + ": not forward compatible (old reader, new data): " + describe(forward));
            }
        }
        return violations;
    }

    private static String describe(SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList()
                .toString();
    }
}
