package dev.callvault.events.serde;

import dev.callvault.events.CallEnded;
import dev.callvault.events.FetchRequested;
import dev.callvault.events.RecordingAccessed;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.RecordingLifecycleChanged;
import dev.callvault.events.RetentionRunCompleted;
import dev.callvault.events.RecordingFetchFailed;
import dev.callvault.events.RecordingStored;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event types of the contract with their current schema and every published version.
 *
 * <p>Published versions live in the {@code schemas} module under {@code src/main/avro-published/<Record>/v<N>.avsc}
 * (packaged as {@code avro-published/<Record>/v<N>.avsc}), numbered from 1 without gaps. Each is a self-contained
 * schema: once published, a file never changes.
 */
public final class EventSchemas {

    /** Every event class of the contract. */
    public static final List<Class<? extends SpecificRecord>> EVENT_TYPES = List.of(CallEnded.class,
            FetchRequested.class, RecordingStored.class, RecordingFetchFailed.class, RecordingAccessed.class,
            RecordingDeleted.class, RecordingLifecycleChanged.class, RetentionRunCompleted.class,
            RecordingAnalyzed.class, RecordingDerived.class);

    private static final Map<Class<? extends SpecificRecord>, List<Schema>> PUBLISHED = EVENT_TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(type -> type, EventSchemas::loadPublished));

    private EventSchemas() {
    }

    /**
     * Returns the current (compiled-in) schema of an event type.
     *
     * @param type a generated event class
     * @return its {@code SCHEMA$}
     */
    public static Schema current(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro record", e);
        }
    }

    /**
     * Returns every published version of an event type's schema, oldest first.
     *
     * @param type one of {@link #EVENT_TYPES}
     * @return the published versions; empty if none was published yet
     */
    public static List<Schema> published(Class<? extends SpecificRecord> type) {
        List<Schema> versions = PUBLISHED.get(type);
        return versions != null ? versions : loadPublished(type);
    }

    private static List<Schema> loadPublished(Class<? extends SpecificRecord> type) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = EventSchemas.class.getClassLoader();
        for (int version = 1; ; version++) {
            String resource = "avro-published/" + type.getSimpleName() + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
