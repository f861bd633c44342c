package dev.callvault.storage.uploads;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import me.desair.tus.server.HttpMethod;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.util.TusServletRequest;
import me.desair.tus.server.util.TusServletResponse;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tus 1.0 server of {@code /v1/uploads} (tus-java-server): storage in the bucket and PostgreSQL
 * ({@link BucketUploadStorageService}), locks across instances ({@link AdvisoryLockingService}) on connections of
 * their own ({@link UploadLockPool}), the largest
 * tenant limit as {@code Tus-Max-Size}, {@code callvault.storage.uploads.expiration} as the expiration extension's
 * period. Extensions: creation, termination, expiration (checksum and concatenation are off: a checksum failure
 * would have to take back bytes already stored as a part, and concatenated uploads have no use for a recording).
 * The library's own errors are answered as problem details (RFC 9457).
 */
@Configuration(proxyBeanMethods = false)
class TusConfiguration {

    /** Path of the tus endpoint; an upload's URL is this path, a slash and its UUID. */
    static final String UPLOADS_PATH = "/v1/uploads";

    @Bean
    BucketUploadStorageService bucketUploadStorageService(UploadRows rows, UploadObjects objects,
            RecordingUploads recordings, UploadProperties properties, Clock clock) {
        return new BucketUploadStorageService(rows, objects, recordings, properties, clock);
    }

    @Bean
    UploadLockPool uploadLockPool(DataSourceProperties dataSource, UploadProperties properties) {
        return new UploadLockPool(dataSource, properties);
    }

    @Bean
    TusFileUploadService tusFileUploadService(BucketUploadStorageService storage, UploadLockPool locks,
            UploadProperties properties, JsonMapper json) {
        return new ProblemDetailTusService(json)
                .withUploadStorageService(storage)
                .withUploadLockingService(new AdvisoryLockingService(locks))
                .withUploadUri(UPLOADS_PATH)
                .withMaxUploadSize(properties.largestMaxSize())
                .withUploadExpirationPeriod(properties.expiration().toMillis())
                .disableTusExtension("checksum")
                .disableTusExtension("concatenation");
    }

    /** A tus server whose protocol errors are problem details. */
    static final class ProblemDetailTusService extends TusFileUploadService {

        private final JsonMapper json;

        ProblemDetailTusService(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void processTusException(HttpMethod method, TusServletRequest request,
                TusServletResponse response, String ownerKey, TusException exception) throws IOException {
            HttpStatus status = HttpStatus.resolve(exception.getStatus());
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", status != null ? status.getReasonPhrase() : "Error");
            problem.put("status", exception.getStatus());
            problem.put("detail", exception.getMessage());
            problem.put("instance", request.getRequestURI());
            response.setStatus(exception.getStatus());
            response.setHeader("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            if (method != HttpMethod.HEAD) {
                response.getOutputStream().write(json.writeValueAsBytes(problem));
            }
        }
    }
}
