package dev.callvault.fetch.upload;

import dev.callvault.fetch.FetchProperties;
import io.minio.GetBucketLifecycleArgs;
import io.minio.MinioClient;
import io.minio.SetBucketLifecycleArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Filter;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At startup, makes sure the bucket's lifecycle configuration holds a rule that aborts multipart uploads still
 * incomplete {@code callvault.fetch.abort-incomplete-uploads-after-days} days after they began (AWS S3 API Reference,
 * "PutBucketLifecycleConfiguration", {@code AbortIncompleteMultipartUpload/DaysAfterInitiation}): the parts of an
 * upload cut off by a crash, which the worker could not abort itself, do not stay forever. The bucket's other rules are
 * kept. A store without lifecycle support (S3Proxy answers {@code NotImplemented}) or a credential not allowed to set
 * it gets one warning, and the worker starts anyway.
 */
@Component
class IncompleteUploadsRule implements ApplicationRunner {

    /** Id of the rule in the bucket's lifecycle configuration. */
    static final String RULE_ID = "callvault-abort-incomplete-multipart-uploads";

    private static final Logger log = LoggerFactory.getLogger(IncompleteUploadsRule.class);
    private static final Set<String> NO_CONFIGURATION = Set.of("NoSuchLifecycleConfiguration");

    /** What applying the rule came to. */
    enum Result {
        /** The rule was added or its days changed. */
        APPLIED,
        /** The rule was already there as configured. */
        UNCHANGED,
        /** The store does not support (or does not let us set) lifecycle rules; a warning was logged. */
        NOT_SUPPORTED
    }

    private final MinioClient client;
    private final String bucket;
    private final int days;

    IncompleteUploadsRule(MinioClient client, StorageProperties storage, FetchProperties fetch) {
        this.client = client;
        this.bucket = storage.bucket();
        this.days = fetch.abortIncompleteUploadsAfterDays();
    }

    @Override
    public void run(ApplicationArguments args) {
        apply();
    }

    /**
     * Reads the bucket's lifecycle configuration and adds or updates the rule.
     *
     * @return what happened
     */
    Result apply() {
        try {
            List<LifecycleConfiguration.Rule> rules = new ArrayList<>();
            for (LifecycleConfiguration.Rule rule : currentRules()) {
                if (!RULE_ID.equals(rule.id())) {
                    rules.add(rule);
                } else if (rule.abortIncompleteMultipartUpload() != null
                        && rule.abortIncompleteMultipartUpload().daysAfterInitiation() == days) {
                    return Result.UNCHANGED;
                }
            }
            rules.add(new LifecycleConfiguration.Rule(Status.ENABLED,
                    new LifecycleConfiguration.AbortIncompleteMultipartUpload(days), null, new Filter(""), RULE_ID,
                    null, null, null));
            client.setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(bucket)
                    .config(new LifecycleConfiguration(rules)).build());
            log.info("Bucket {}: incomplete multipart uploads are aborted {} day(s) after they began", bucket, days);
            return Result.APPLIED;
        } catch (ErrorResponseException e) {
            log.warn("Bucket {}: the store refused the lifecycle rule that aborts incomplete multipart uploads ({}),"
                    + " so uploads cut off by a crash stay until removed by hand or by the store's own policy",
                    bucket, e.errorResponse().code());
            return Result.NOT_SUPPORTED;
        } catch (MinioException e) {
            log.warn("Bucket {}: cannot set the lifecycle rule that aborts incomplete multipart uploads ({});"
                    + " starting without it", bucket, e.getMessage());
            return Result.NOT_SUPPORTED;
        }
    }

    private List<LifecycleConfiguration.Rule> currentRules() throws MinioException {
        try {
            LifecycleConfiguration current = client.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket)
                    .build());
            return current == null || current.rules() == null ? List.of() : current.rules();
        } catch (ErrorResponseException e) {
            if (NO_CONFIGURATION.contains(e.errorResponse().code())) {
                return List.of();
            }
            throw e;
        }
    }
}
