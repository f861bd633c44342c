package dev.callvault.storage.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.events.RecordingIds;
import dev.callvault.events.Topics;
import dev.callvault.local.testing.BucketContents;
import dev.callvault.local.testing.SharedInfrastructure;
import dev.callvault.storage.IntegrationTestSupport;
import io.minio.MinioClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Helpers of the upload tests (no configuration of its own: the context is {@link IntegrationTestSupport}'s):
 * multipart bodies, and the check that a refused upload left nothing behind.
 */
abstract class UploadTestSupport extends IntegrationTestSupport {

    /** Bounds the scans that prove no event came. */
    static final Duration SCAN = Duration.ofSeconds(2);

    @Autowired
    MinioClient minio;

    /** @return a call id no other test uses */
    static String uniqueCallId() {
        return "call-" + UUID.randomUUID();
    }

    /** @return the recording id of a tenant's uploaded call */
    static UUID recordingIdOf(String tenant, String callId) {
        return RecordingIds.ofUpload(tenant, callId);
    }

    /**
     * A {@code multipart/form-data} body (RFC 7578): the fields in order, then the file part.
     *
     * @return the boundary's content type and the body
     */
    static Multipart multipart(Map<String, String> fields, String fileName, String fileType, byte[] file) {
        return multipart(java.util.List.copyOf(fields.entrySet()), fileName, fileType, file);
    }

    /** {@link #multipart(Map, String, String, byte[])} with fields in a list, so that a name may repeat. */
    static Multipart multipart(java.util.List<Map.Entry<String, String>> fields, String fileName, String fileType,
            byte[] file) {
        String boundary = "callvault-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach(field -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; "
                + "name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue() + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + fileType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** POSTs a multipart body to {@code /v1/recordings}, with a bearer token unless {@code token} is null. */
    HttpResponse<String> postRecording(String token, Multipart multipart) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/recordings"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.body()));
        return send(request, token);
    }

    /** @return every key of the test bucket */
    java.util.List<String> allKeys() {
        return new BucketContents(minio, BUCKET).keys("");
    }

    /**
     * Asserts that an upload left nothing: no object of the tenant, no object (or multipart part) naming the
     * recording, no catalog entry, no upload in progress, no {@code RecordingStored}.
     */
    void assertNothingLeft(String tenant, UUID recordingId) {
        assertThat(new BucketContents(minio, BUCKET).keys(tenant + "/")).isEmpty();
        assertThat(allKeys()).noneMatch(key -> key.contains(recordingId.toString()));
        assertThat(statusOf(recordingId)).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM upload WHERE recording_id = ?", Integer.class,
                recordingId)).isZero();
        assertThat(SharedInfrastructure.topics().read(Topics.RECORDING_STORED, recordingId, 1, SCAN)).isEmpty();
    }

    /**
     * @param contentType the multipart content type with its boundary
     * @param body        the whole body
     */
    record Multipart(String contentType, byte[] body) {
    }
}
