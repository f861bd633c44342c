package dev.callvault.fetch.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.fetch.FetchWorkerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The startup rule that aborts incomplete multipart uploads, against the test store (S3Proxy on the filesystem), which
 * has no lifecycle support: the worker notices, warns once and runs on.
 */
class IncompleteUploadsRuleTests extends FetchWorkerTestSupport {

    @Autowired
    private IncompleteUploadsRule rule;

    @Test
    void shouldReportStoreWithoutLifecycleSupportAndKeepRunning() throws Exception {
        // when
        IncompleteUploadsRule.Result result = rule.apply();

        // then
        assertThat(result).isEqualTo(IncompleteUploadsRule.Result.NOT_SUPPORTED);
        assertThat(getFromWorker("/actuator/health").body()).contains("\"status\":\"UP\"");
    }
}
