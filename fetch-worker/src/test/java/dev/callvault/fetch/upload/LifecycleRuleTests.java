package dev.callvault.fetch.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.fetch.FetchWorkerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The lifecycle rule that aborts incomplete multipart uploads, against the test store (S3Proxy on the filesystem),
 * which has no lifecycle support: the worker notices, warns once and runs on.
 */
class LifecycleRuleTests extends FetchWorkerTestSupport {

    @Autowired
    private RecordingStore store;

    @Test
    void shouldReportStoreWithoutLifecycleSupportAndKeepRunning() throws Exception {
        // when
        RecordingStore.LifecycleResult result = store.abortIncompleteUploadsAfter(1);

        // then
        assertThat(result).isEqualTo(RecordingStore.LifecycleResult.NOT_SUPPORTED);
        assertThat(getFromWorker("/actuator/health").body()).contains("\"status\":\"UP\"");
    }
}
