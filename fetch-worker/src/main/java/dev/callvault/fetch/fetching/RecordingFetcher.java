package dev.callvault.fetch.fetching;

import dev.callvault.events.ObjectKeys;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.fetch.FetchProperties;
import dev.callvault.fetch.InfrastructureException;
import dev.callvault.fetch.providers.FailureCode;
import dev.callvault.fetch.providers.FetchFailedException;
import dev.callvault.fetch.providers.RecordingBody;
import dev.callvault.fetch.providers.RecordingRequest;
import dev.callvault.fetch.providers.RecordingSource;
import dev.callvault.fetch.resilience.ProviderGuards;
import dev.callvault.platform.audio.AudioFormat;
import dev.callvault.platform.audio.AudioSniffer;
import dev.callvault.fetch.upload.MeasuringInputStream;
import dev.callvault.fetch.upload.RecordingStore;
import dev.callvault.fetch.upload.RecordingTooLargeException;
import dev.callvault.fetch.upload.StoredRecording;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fetches one recording into the bucket, idempotently and with retries.
 *
 * <ol>
 *   <li>The event is checked: a supported provider, well-formed ids, the recording id of
 *       {@code RecordingIds.of(tenantId, provider, providerRecordingId)}, or the legacy id a recording minted before
 *       tenant scoping keeps ({@code RecordingIds.legacyOf(provider, providerRecordingId)}: events carry their id, so a
 *       replay of old events still fetches under the old id).</li>
 *   <li>If the object already exists under the expected key (one HEAD), nothing is fetched and the stored recording
 *       is returned to be re-emitted.</li>
 *   <li>If it does not, but storage-service left the recording's tombstone ({@code tombstones/<tenantId>/<id>}: it
 *       was deleted by retention or erasure), nothing is fetched, stored or published: a replayed {@code CallEnded}
 *       or a {@code FetchRequested} never brings deleted audio back.</li>
 *   <li>Otherwise a few attempts run in place under a Resilience4j {@link Retry} ({@code callvault.fetch.retry.*}):
 *       exponential back-off with jitter, a provider's {@code Retry-After} honoured when it fits the budget, retries
 *       only for failures {@link #worthRetrying worth retrying}, and none once the provider's circuit breaker is open
 *       or its download slots are busy. Each attempt runs under the provider and tenant's bulkhead and circuit
 *       breaker ({@link ProviderGuards}); longer waits are the retry topics' business.</li>
 *   <li>An attempt opens the provider's body, sniffs its first bytes before anything is uploaded (not audio fails
 *       the fetch at once), then streams it into the bucket while hashing and counting it. When the provider served
 *       another format than expected, the key of that format is looked up first (one HEAD): an object there is the
 *       recording, stored earlier, and is returned without writing anything.</li>
 *   <li>After the upload the tombstone is looked up again: a recording deleted while it streamed has its object
 *       removed at once and nothing is published.</li>
 * </ol>
 *
 * <p>Failures of our own infrastructure (object store, interruption) propagate as {@link InfrastructureException}.
 */
@Component
public class RecordingFetcher {

    private static final Logger log = LoggerFactory.getLogger(RecordingFetcher.class);

    private static final Set<FailureCode> NO_REQUEST_SENT = Set.of(FailureCode.PROVIDER_CIRCUIT_OPEN,
            FailureCode.PROVIDER_CONCURRENCY_LIMITED);

    private final Map<Provider, RecordingSource> sources = new EnumMap<>(Provider.class);
    private final RecordingStore store;
    private final ProviderGuards guards;
    private final FetchProperties properties;
    private final IntervalFunction backOff;
    private final Clock clock;

    RecordingFetcher(List<RecordingSource> sources, RecordingStore store, ProviderGuards guards,
            FetchProperties properties) {
        sources.forEach(source -> this.sources.put(source.provider(), source));
        this.store = store;
        this.guards = guards;
        this.properties = properties;
        FetchProperties.Retry retry = properties.retry();
        this.backOff = IntervalFunction.ofExponentialRandomBackoff(retry.initialInterval(), retry.multiplier(),
                retry.randomizationFactor(), retry.maxInterval());
        this.clock = Clock.systemUTC();
    }

    /**
     * Fetches a recording, or finds it already stored.
     *
     * @param job the recording
     * @return stored (fresh or already there), deleted (tombstone found, nothing done) or failed, with the provider
     *         attempts made by this call (an attempt refused by an open breaker or a full bulkhead sent no request and
     *         does not count)
     * @throws InfrastructureException if the object store fails or the thread is interrupted
     */
    public FetchOutcome fetch(FetchJob job) {
        RecordingSource source = sources.get(job.provider());
        if (source == null) {
            return new FetchOutcome.Failed(new FetchFailedException(FailureCode.UNSUPPORTED_PROVIDER,
                    "the fetch worker has no client for provider " + job.provider()), 0);
        }
        RecordingRequest request = new RecordingRequest(job.tenantId(), job.providerRecordingId(),
                job.providerAccountId(), job.channels(), job.recordingUrl());
        String expectedKey;
        try {
            source.checkRequest(request);
            if (!isRecordingIdOf(job)) {
                throw new FetchFailedException(FailureCode.INVALID_EVENT,
                        "recordingId is neither RecordingIds.of(tenantId, provider, providerRecordingId) nor the"
                                + " legacy RecordingIds.legacyOf(provider, providerRecordingId)");
            }
            expectedKey = objectKey(job, source.expectedExtension());
        } catch (FetchFailedException e) {
            return new FetchOutcome.Failed(e, 0);
        }

        Optional<StoredRecording> existing = store.find(expectedKey);
        if (existing.isPresent()) {
            log.info("Recording {} already stored as {}; not fetched again", job.recordingId(),
                    existing.get().objectKey());
            return new FetchOutcome.Stored(existing.get(), true, 0);
        }
        Optional<String> deletion = store.deletion(job.tenantId(), job.recordingId());
        if (deletion.isPresent()) {
            log.info("Recording {} of tenant {} was deleted ({}); not fetched again", job.recordingId(),
                    job.tenantId(), deletion.get());
            return new FetchOutcome.Deleted(deletion.get());
        }

        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean foundUnderSniffedKey = new AtomicBoolean();
        Instant deadline = clock.instant().plus(properties.retry().budget());
        Retry retry = Retry.of("fetch-" + job.provider().name().toLowerCase(Locale.ROOT),
                retryConfig(job, deadline));
        retry.getEventPublisher().onRetry(event -> log.info("Fetch of recording {} failed (attempt {}: {}); next"
                        + " attempt in {} ms", job.recordingId(), event.getNumberOfRetryAttempts(),
                event.getLastThrowable() == null ? "?" : event.getLastThrowable().getMessage(),
                event.getWaitInterval().toMillis()));
        try {
            StoredRecording stored = Retry.decorateSupplier(retry, () -> guards.call(job.provider(), job.tenantId(),
                    () -> {
                        attempts.incrementAndGet();
                        return attempt(job, source, request, expectedKey, foundUnderSniffedKey);
                    })).get();
            Optional<String> deletedMeanwhile = store.deletion(job.tenantId(), job.recordingId());
            if (deletedMeanwhile.isPresent()) {
                // deleted while it streamed: storage-service wrote the tombstone, then deleted an object we had not
                // written yet, so the object is ours to remove, at once rather than by the orphan scan
                store.remove(stored.objectKey());
                log.info("Recording {} of tenant {} was deleted ({}) while it was fetched; its object is removed and"
                        + " nothing is published", job.recordingId(), job.tenantId(), deletedMeanwhile.get());
                return new FetchOutcome.Deleted(deletedMeanwhile.get());
            }
            return new FetchOutcome.Stored(stored, foundUnderSniffedKey.get(), attempts.get());
        } catch (FetchFailedException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InfrastructureException("interrupted while fetching recording " + job.recordingId(), e);
            }
            return new FetchOutcome.Failed(e, attempts.get());
        }
    }

    private static String objectKey(FetchJob job, String extension) {
        try {
            return ObjectKeys.of(job.tenantId(), job.keyDate(), job.recordingId(), extension);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new FetchFailedException(FailureCode.INVALID_EVENT, "cannot build the object key: " + e.getMessage());
        }
    }

    private RetryConfig retryConfig(FetchJob job, Instant deadline) {
        return RetryConfig.<StoredRecording>custom()
                .maxAttempts(properties.retry().maxAttempts())
                .retryOnException(failure -> shouldRetry(failure, job, deadline))
                .intervalBiFunction((attempt, result) -> {
                    Throwable failure = result.isLeft() ? result.getLeft() : null;
                    long wait = failure instanceof FetchFailedException fetchFailure
                            && fetchFailure.retryAfter().isPresent()
                            ? fetchFailure.retryAfter().get().toMillis()
                            : backOff.apply(attempt);
                    long untilDeadline = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
                    return Math.min(wait, untilDeadline);
                })
                .build();
    }

    /**
     * Tells whether a failure may pass with time: a retryable failure ({@link FailureCode#retryable()}), and for a
     * 404 only while the call ended less than {@code not-ready-window} ago (a recording not ready yet rather than
     * gone).
     *
     * @param failure a fetch's failure
     * @param job     the recording
     * @return whether to try again later (in place or through the retry topics)
     */
    public boolean worthRetrying(FetchFailedException failure, FetchJob job) {
        if (!failure.retryable()) {
            return false;
        }
        if (failure.code() == FailureCode.PROVIDER_NOT_FOUND) {
            return job.readySince() != null
                    && Duration.between(job.readySince(), clock.instant()).compareTo(properties.notReadyWindow()) < 0;
        }
        return true;
    }

    private boolean shouldRetry(Throwable failure, FetchJob job, Instant deadline) {
        if (!(failure instanceof FetchFailedException fetchFailure) || !worthRetrying(fetchFailure, job)
                || NO_REQUEST_SENT.contains(fetchFailure.code()) || Thread.currentThread().isInterrupted()) {
            return false;
        }
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
            return false;
        }
        return fetchFailure.retryAfter().map(wait -> !now.plus(wait).isAfter(deadline)).orElse(true);
    }

    private StoredRecording attempt(FetchJob job, RecordingSource source, RecordingRequest request,
            String expectedKey, AtomicBoolean foundUnderSniffedKey) {
        try (RecordingBody body = source.open(request)) {
            AudioSniffer.Sniffed sniffed;
            try {
                sniffed = AudioSniffer.sniff(body.stream());
            } catch (IOException e) {
                throw bodyFailure(job.provider(), 0, e);
            }
            AudioFormat format = sniffed.format().orElseThrow(() -> new FetchFailedException(FailureCode.NOT_AUDIO,
                    job.provider() + " answered " + (body.contentType() == null ? "a body without content type"
                            : body.contentType()) + " that is not audio (MP3, WAV, Ogg, FLAC or MP4)",
                    body.status(), null, null));
            long maxBytes = properties.maxRecordingSize().toBytes();
            if (body.contentLength() > maxBytes) {
                throw tooLarge(job.provider(), body.contentLength() + " bytes declared", maxBytes);
            }
            String key = objectKey(job, format.extension());
            if (!key.equals(expectedKey)) {
                Optional<StoredRecording> earlier = store.find(key);
                if (earlier.isPresent()) {
                    log.info("Recording {} is already stored as {} ({} served {}); not stored again",
                            job.recordingId(), key, job.provider(), format.contentType());
                    foundUnderSniffedKey.set(true);
                    return earlier.get();
                }
            }
            MeasuringInputStream measured = new MeasuringInputStream(sniffed.body(), body.contentLength(), maxBytes);
            try {
                StoredRecording stored = store.upload(key, format, measured, body.contentLength());
                log.info("Stored recording {} as {}/{} ({} bytes, {})", job.recordingId(), stored.bucket(),
                        stored.objectKey(), stored.sizeBytes(), stored.contentType());
                return stored;
            } catch (IOException e) {
                throw bodyFailure(job.provider(), measured.count(), e);
            }
        }
    }

    private static FetchFailedException tooLarge(Provider provider, String size, long maxBytes) {
        return new FetchFailedException(FailureCode.RECORDING_TOO_LARGE, provider + " recording is larger than"
                + " callvault.fetch.max-recording-size (" + size + ", " + maxBytes + " bytes accepted)");
    }

    private static FetchFailedException bodyFailure(Provider provider, long bytesRead, IOException e) {
        if (e instanceof RecordingTooLargeException) {
            return new FetchFailedException(FailureCode.RECORDING_TOO_LARGE, provider + " recording: "
                    + e.getMessage() + " (callvault.fetch.max-recording-size)");
        }
        if (e instanceof HttpTimeoutException) {
            return new FetchFailedException(FailureCode.PROVIDER_TIMEOUT, provider + " body stalled after "
                    + bytesRead + " bytes: " + e.getMessage(), null, null, e);
        }
        return new FetchFailedException(FailureCode.TRUNCATED_BODY, provider + " body broke off after " + bytesRead
                + " bytes: " + e.getMessage(), null, null, e);
    }

    private static boolean isRecordingIdOf(FetchJob job) {
        try {
            return RecordingIds.matches(job.recordingId(), job.tenantId(), job.provider(), job.providerRecordingId());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
