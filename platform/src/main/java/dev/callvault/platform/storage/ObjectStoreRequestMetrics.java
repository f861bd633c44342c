package dev.callvault.platform.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Locale;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts every request the recordings bucket's client sends, as the OkHttp application interceptor of
 * {@link ObjectStorageConfiguration#minioClient}: Micrometer counter {@value #METER} (Prometheus
 * {@code callvault_object_store_requests_total}) with the tags
 * <ul>
 *   <li>{@code operation}: the S3 operation, read off the request as the AWS S3 API Reference defines them:
 *       {@code head} (HeadObject, HeadBucket), {@code list} (GET on the bucket: ListObjectsV2, ListMultipartUploads,
 *       GetBucketLifecycleConfiguration), {@code get} (GetObject), {@code put} (PutObject, UploadPart),
 *       {@code copy} (a PUT with {@code x-amz-copy-source}: CopyObject, UploadPartCopy), {@code post}
 *       (CreateMultipartUpload, CompleteMultipartUpload, DeleteObjects), {@code delete} (DeleteObject,
 *       AbortMultipartUpload);</li>
 *   <li>{@code method}: the HTTP method;</li>
 *   <li>{@code outcome}: {@code SUCCESS} (2xx), {@code REDIRECTION} (3xx), {@code CLIENT_ERROR} (4xx, a HEAD of a
 *       missing key among them), {@code SERVER_ERROR} (5xx) or {@code IO_ERROR} (no answer: refused, reset, timed
 *       out).</li>
 * </ul>
 * The object key, the query string and the headers are never tags (no cardinality from recordings, no secrets).
 */
public final class ObjectStoreRequestMetrics implements Interceptor {

    /** The counter's name. */
    public static final String METER = "callvault.object_store.requests";

    private final MeterRegistry registry;

    /** @param registry where the counter is registered */
    public ObjectStoreRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String operation = operation(request);
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException e) {
            count(operation, request.method(), "IO_ERROR");
            throw e;
        }
        count(operation, request.method(), outcome(response.code()));
        return response;
    }

    /**
     * @param request a request of the MinIO client (path-style: {@code /<bucket>} or {@code /<bucket>/<key>})
     * @return the operation tag, see the class comment
     */
    static String operation(Request request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        return switch (method) {
            case "HEAD" -> "head";
            case "GET" -> request.url().pathSegments().stream().filter(segment -> !segment.isEmpty()).count() <= 1
                    ? "list" : "get";
            case "PUT" -> request.header("x-amz-copy-source") != null ? "copy" : "put";
            case "POST" -> "post";
            case "DELETE" -> "delete";
            default -> "other";
        };
    }

    private static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }

    private void count(String operation, String method, String outcome) {
        // looked up each time (the registry keeps one counter per tag set), so a registry cleared in a test counts on
        Counter.builder(METER).description("Requests sent to the recordings bucket's S3 endpoint")
                .tag("operation", operation).tag("method", method).tag("outcome", outcome)
                .register(registry).increment();
    }
}
