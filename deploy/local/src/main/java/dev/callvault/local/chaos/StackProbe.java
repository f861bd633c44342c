package dev.callvault.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callvault.events.CallEnded;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.local.launcher.LocalDefaults;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.DevJwts;
import dev.callvault.local.testing.TopicReader;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what a running stack holds, the way an operator would check it: {@code /actuator/health} of a service, the
 * catalog API of storage-service (dev JWT of tenant {@code demo}), the objects in the bucket, the records on
 * {@code call-ended}, and the simulator's progress on a large recording.
 */
final class StackProbe {

    /** Status of a health component that could not be read (no answer, or no such component). */
    static final String UNKNOWN = "UNKNOWN";

    private final Map<String, String> stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private final BucketContents bucket;
    private final TopicReader topics;

    /**
     * A recording as the catalog shows it.
     *
     * @param status    catalog status, e.g. {@code AVAILABLE}
     * @param sha256    SHA-256 of the stored object, or empty text
     * @param sizeBytes size of the stored object in bytes, or 0
     */
    record CatalogEntry(String status, String sha256, long sizeBytes) {
    }

    /**
     * @param stack       the running stack's addresses
     * @param environment the operator's environment (JWT secret, bucket)
     */
    StackProbe(Map<String, String> stack, OperatorEnvironment environment) {
        this.stack = stack;
        this.token = DevJwts.issue(environment.property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET),
                "callvault-chaos", LocalDefaults.TENANT, "recordings:read");
        MinioClient client = MinioClient.builder().endpoint(ChaosRun.required(stack, "s3.endpoint"))
                .credentials(environment.property("callvault.storage.s3.access-key", LocalDefaults.S3_ACCESS_KEY),
                        environment.property("callvault.storage.s3.secret-key", LocalDefaults.S3_SECRET_KEY))
                .region(LocalDefaults.S3_REGION).build();
        this.bucket = new BucketContents(client,
                environment.property("callvault.storage.s3.bucket", LocalDefaults.BUCKET));
        this.topics = new TopicReader(ChaosRun.required(stack, "kafka.bootstrap-servers"));
    }

    /**
     * @param service   e.g. {@code ingest-service}
     * @param component e.g. {@code kafka}, {@code db}, {@code objectStore}; {@code null} for the overall status
     * @return the status Spring Boot reports ({@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE}), or {@link #UNKNOWN}
     */
    String health(String service, String component) {
        Optional<JsonNode> body = getJson(ChaosRun.required(stack, service + ".url") + "/actuator/health",
                Duration.ofSeconds(45), false);
        return body.map(node -> (component == null ? node : node.path("components").path(component))
                .path("status").asText(UNKNOWN)).orElse(UNKNOWN);
    }

    /**
     * @param recordingId a recording
     * @return its catalog entry, or empty while the catalog does not know it (or cannot answer)
     */
    Optional<CatalogEntry> catalog(UUID recordingId) {
        return getJson(ChaosRun.required(stack, "storage-service.url") + "/v1/recordings/" + recordingId,
                Duration.ofSeconds(45), true)
                .map(node -> new CatalogEntry(node.path("status").asText(), node.path("sha256").asText(""),
                        node.path("sizeBytes").asLong()));
    }

    /**
     * Counts, for each given recording, the rows the catalog's list ({@code GET /v1/recordings}, every page) shows.
     *
     * @param recordingIds the recordings
     * @return rows per recording (absent: none)
     */
    Map<UUID, Integer> catalogRows(Set<UUID> recordingIds) {
        Map<UUID, Integer> rows = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonNode items = getJson(ChaosRun.required(stack, "storage-service.url") + "/v1/recordings?size=100&page="
                    + page, Duration.ofSeconds(45), true)
                    .orElseThrow(() -> new IllegalStateException("the catalog list did not answer"))
                    .path("items");
            if (items.isEmpty()) {
                return rows;
            }
            items.forEach(item -> {
                UUID id = UUID.fromString(item.path("id").asText());
                if (recordingIds.contains(id)) {
                    rows.merge(id, 1, Integer::sum);
                }
            });
        }
    }

    /**
     * @param recordingIds the recordings
     * @return keys of the objects stored for each recording, in the tenant's part of the bucket (absent: none)
     */
    Map<UUID, List<String>> objects(Collection<UUID> recordingIds) {
        Map<String, UUID> byName = recordingIds.stream().collect(Collectors.toMap(UUID::toString, Function.identity()));
        return bucket.keys(LocalDefaults.TENANT + "/").stream()
                .filter(key -> byName.containsKey(stem(key)))
                .collect(Collectors.groupingBy(key -> byName.get(stem(key))));
    }

    /**
     * @param key an object key
     * @return the SHA-256 of the object's bytes, streamed from the bucket
     */
    String objectSha256(String key) {
        return bucket.sha256(key);
    }

    /**
     * @param recordingIds recordings whose {@code CallEnded} must be on the topic
     * @return those of them that are on {@code callvault.call-ended.v1}
     */
    Set<UUID> onCallEnded(Set<UUID> recordingIds) {
        Set<String> keys = recordingIds.stream().map(UUID::toString).collect(Collectors.toSet());
        return topics.read(Topics.CALL_ENDED, record -> keys.contains(record.key()), recordingIds.size(),
                        Duration.ofSeconds(30)).stream()
                .map(value -> UUID.fromString(((CallEnded) value).getRecordingId().toString()))
                .collect(Collectors.toSet());
    }

    /**
     * @param recordingId a recording of the demo tenant
     * @return whether playback-service's read model has it {@code AVAILABLE} ({@code GET
     *         /v1/recordings/{id}/availability}): a signed URL can be minted for it
     */
    boolean playable(UUID recordingId) {
        return getJson(ChaosRun.required(stack, "playback-service.url") + "/v1/recordings/" + recordingId
                + "/availability", Duration.ofSeconds(45), true)
                .map(node -> node.path("available").asBoolean(false)).orElse(false);
    }

    /**
     * @param recordingIds recordings
     * @return for each of them on {@code callvault.recording-stored.v1}, the distinct event ids of its
     *         {@code RecordingStored} records (a resubmitted event keeps its id)
     */
    Map<UUID, Set<UUID>> recordingStoredEventIds(Set<UUID> recordingIds) {
        Set<String> keys = recordingIds.stream().map(UUID::toString).collect(Collectors.toSet());
        Map<UUID, Set<UUID>> eventIds = new HashMap<>();
        topics.read(Topics.RECORDING_STORED, record -> keys.contains(record.key()), Integer.MAX_VALUE,
                        Duration.ofSeconds(10)).forEach(value -> {
                    RecordingStored stored = (RecordingStored) value;
                    eventIds.computeIfAbsent(UUID.fromString(stored.getRecordingId().toString()),
                            id -> new HashSet<>()).add(UUID.fromString(stored.getEventId().toString()));
                });
        return eventIds;
    }

    /**
     * @param conversationId the id of a large recording the simulator serves
     * @return bytes of it the simulator has sent so far (to the latest request for it)
     */
    long bytesServed(String conversationId) {
        return getJson(ChaosRun.required(stack, "simulator.url") + "/simulator/transfers/" + conversationId,
                Duration.ofSeconds(5), false).map(node -> node.path("bytesSent").asLong()).orElse(0L);
    }

    private Optional<JsonNode> getJson(String url, Duration timeout, boolean authorized) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (authorized) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // a health endpoint answers 503 with its JSON while a component is DOWN
            boolean readable = response.statusCode() == 200 || (!authorized && response.statusCode() == 503);
            return readable ? Optional.of(json.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + url, e);
        }
    }

    private static String stem(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
