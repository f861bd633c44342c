package dev.callvault.fetch.upload;

import dev.callvault.fetch.FetchProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At startup, sets the bucket's lifecycle rule that aborts multipart uploads left incomplete
 * {@code callvault.fetch.abort-incomplete-uploads-after-days} days (default 1) by a crash, which the worker could not
 * abort itself ({@link RecordingStore#abortIncompleteUploadsAfter}). A store without lifecycle support gets one
 * warning, and the worker starts anyway.
 */
@Component
class IncompleteUploadsRule implements ApplicationRunner {

    private final RecordingStore store;
    private final int days;

    IncompleteUploadsRule(RecordingStore store, FetchProperties fetch) {
        this.store = store;
        this.days = fetch.abortIncompleteUploadsAfterDays();
    }

    @Override
    public void run(ApplicationArguments args) {
        store.abortIncompleteUploadsAfter(days);
    }
}
