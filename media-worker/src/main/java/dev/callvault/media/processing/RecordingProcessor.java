package dev.callvault.media.processing;

import dev.callvault.events.AnalysisOutcome;
import dev.callvault.events.ChannelAnalysis;
import dev.callvault.events.ObjectKeys;
import dev.callvault.events.RecordingAnalyzed;
import dev.callvault.events.RecordingDeleted;
import dev.callvault.events.RecordingDerived;
import dev.callvault.events.Rendition;
import dev.callvault.events.RecordingStored;
import dev.callvault.events.Topics;
import dev.callvault.media.analysis.FfmpegDecoder;
import dev.callvault.media.analysis.RecordingAnalysis;
import dev.callvault.media.analysis.SourceReadException;
import dev.callvault.media.analysis.UndecodableAudioException;
import dev.callvault.media.derivatives.DerivativeStore;
import dev.callvault.media.derivatives.DerivativeStore.DerivativeStoreException;
import dev.callvault.media.derivatives.DerivativeStore.StoredDerivative;
import dev.callvault.media.derivatives.DerivativeStore.StoredRendition;
import dev.callvault.media.rendition.OpusEncoder;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import dev.callvault.platform.kafka.NonRetryableEventException;
import dev.callvault.platform.storage.RecordingTombstones;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a stored recording into its derivatives and its {@code RecordingAnalyzed} fact, in this order:
 *
 * <ol>
 *   <li>refuse an event that can never apply (its key outside its tenant's part of the bucket, another bucket, a
 *       malformed checksum): {@link NonRetryableEventException}, so it goes to the dead-letter topic;</li>
 *   <li>skip a recording that has a tombstone (deleted or erased): nothing is derived from it;</li>
 *   <li>stream the object once through ffmpeg ({@link FfmpegDecoder});</li>
 *   <li>write the waveform peaks next to the object ({@link DerivativeStore#putPeaks});</li>
 *   <li>encode the Ogg Opus rendition from a second read of the object, next to it ({@link OpusEncoder}), unless
 *       renditions are off; a recording the encoder refuses keeps its analysis without a rendition;</li>
 *   <li>look for a tombstone again: a deletion that happened meanwhile removes what was just written and nothing is
 *       published;</li>
 *   <li>publish {@code RecordingAnalyzed} (and {@code RecordingDerived} for the rendition) and wait for the broker's
 *       acknowledgement.</li>
 * </ol>
 *
 * <p>Audio that cannot be decoded gets a {@code FAILED} fact and no derivatives. Failures that may pass (the store,
 * the broker) are thrown, and the record is retried. The fact's id depends only on the recording, its checksum and
 * {@link #ANALYZER_VERSION}, so a redelivered or replayed record publishes the same fact again and every consumer
 * recognises it.
 */
@Component
public class RecordingProcessor {

    /** Version of the analysis rules; part of every fact's id. Raise it when a measurement changes meaning. */
    public static final String ANALYZER_VERSION = "1";

    private static final Logger log = LoggerFactory.getLogger(RecordingProcessor.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final FfmpegDecoder decoder;
    private final OpusEncoder encoder;
    private final DerivativeStore store;
    private final RecordingTombstones tombstones;
    private final AcknowledgedPublisher publisher;
    private final Clock clock;
    private final Timer analyses;
    private final Counter failures;
    private final Counter audioSeconds;
    private final Counter renditionFailures;
    private final Counter bytesSaved;

    /**
     * @param decoder    ffmpeg and the measurements
     * @param encoder    the Opus rendition
     * @param store      the bucket's recordings and derivatives
     * @param tombstones deleted recordings' markers
     * @param publisher  acknowledged publishing
     * @param clock      stamps {@code occurredAt}
     * @param meters     {@code callvault.media.analyses} (timer, tag {@code outcome}) and audio seconds analysed
     */
    public RecordingProcessor(FfmpegDecoder decoder, OpusEncoder encoder, DerivativeStore store,
            RecordingTombstones tombstones, AcknowledgedPublisher publisher, Clock clock, MeterRegistry meters) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.store = store;
        this.tombstones = tombstones;
        this.publisher = publisher;
        this.clock = clock;
        this.analyses = Timer.builder("callvault.media.analyses").tag("outcome", "analyzed")
                .description("Recordings decoded and analysed").register(meters);
        // registered at start, so that dashboards and alerts see them at 0 before the first event
        this.failures = Counter.builder("callvault.media.analyses.failed")
                .description("Recordings ffmpeg could not decode").register(meters);
        this.audioSeconds = Counter.builder("callvault.media.audio.seconds")
                .description("Seconds of audio analysed").register(meters);
        this.renditionFailures = Counter.builder("callvault.media.renditions.failed")
                .description("Analysed recordings the Opus encoder refused").register(meters);
        this.bytesSaved = Counter.builder("callvault.media.renditions.bytes.saved")
                .description("Original bytes minus rendition bytes").register(meters);
    }

    /**
     * Analyses one stored recording (see the class comment for the steps).
     *
     * @param stored the event
     * @return the fact published, or {@code null} when the recording has a tombstone
     * @throws NonRetryableEventException if the event can never apply
     * @throws DerivativeStoreException   if the store failed (may pass)
     * @throws RecordingTombstones.TombstoneException if the tombstone could not be checked (may pass)
     * @throws dev.callvault.platform.kafka.PublishFailedException if the broker did not acknowledge (may pass)
     */
    public RecordingAnalyzed process(RecordingStored stored) {
        validate(stored);
        UUID recordingId = stored.getRecordingId();
        if (tombstones.find(stored.getTenantId(), recordingId).isPresent()) {
            log.info("recording {} has a tombstone: nothing is derived from it", recordingId);
            return null;
        }
        long started = System.nanoTime();
        RecordingAnalyzed fact;
        RecordingDerived derived = null;
        try (InputStream audio = store.openRecording(stored.getObjectKey())) {
            RecordingAnalysis analysis = decoder.analyze(audio);
            StoredDerivative peaks = store.putPeaks(stored.getObjectKey(), analysis.peaks(), stored.getSha256());
            derived = rendition(stored, analysis);
            if (tombstones.find(stored.getTenantId(), recordingId).isPresent()) {
                store.deleteDerivatives(stored.getObjectKey());
                log.info("recording {} was deleted while it was analysed: its derivatives are removed", recordingId);
                return null;
            }
            fact = analyzed(stored, analysis, peaks);
            analyses.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            audioSeconds.increment(analysis.durationMs() / 1000.0);
            log.info("recording {} analysed: {} ms of audio, {} channels, {} Hz, peaks {} bytes", recordingId,
                    analysis.durationMs(), analysis.channels(), analysis.sampleRateHz(), peaks.sizeBytes());
        } catch (UndecodableAudioException e) {
            fact = failed(stored, e.getMessage());
            failures.increment();
            log.warn("recording {} cannot be decoded: {}", recordingId, e.getMessage());
        } catch (SourceReadException e) {
            throw new DerivativeStoreException("cannot read " + stored.getObjectKey(), e);
        } catch (IOException e) {
            throw new DerivativeStoreException("cannot analyse " + stored.getObjectKey(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing recording " + recordingId, e);
        }
        List<ProducerRecord<String, SpecificRecord>> facts = new ArrayList<>(2);
        facts.add(new ProducerRecord<>(Topics.RECORDING_ANALYZED, recordingId.toString(), fact));
        if (derived != null) {
            facts.add(new ProducerRecord<>(Topics.RECORDING_DERIVED, recordingId.toString(), derived));
        }
        publisher.publishAll(facts, publisher.producerBound().plusSeconds(1));
        return fact;
    }

    private RecordingDerived rendition(RecordingStored stored, RecordingAnalysis analysis)
            throws IOException, InterruptedException {
        if (!encoder.enabled()) {
            return null;
        }
        long originalBitsPerSecond = analysis.durationMs() > 0 ? stored.getSizeBytes() * 8_000 / analysis.durationMs() : 0;
        int bitrate = encoder.bitrate(analysis.channels(), originalBitsPerSecond);
        StoredRendition rendition;
        try (InputStream original = store.openRecording(stored.getObjectKey())) {
            rendition = encoder.encode(stored.getObjectKey(), analysis.channels(), bitrate, stored.getSha256(),
                    original);
        } catch (UndecodableAudioException e) {
            renditionFailures.increment();
            log.warn("recording {} has no Opus rendition: {}", stored.getRecordingId(), e.getMessage());
            return null;
        }
        bytesSaved.increment(Math.max(0, stored.getSizeBytes() - rendition.sizeBytes()));
        String parameters = encoder.parameters(analysis.channels(), bitrate);
        return RecordingDerived.newBuilder()
                .setEventId(derivedId(stored.getRecordingId(), stored.getSha256(), Rendition.OPUS, parameters))
                .setOccurredAt(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(stored.getTenantId())
                .setRecordingId(stored.getRecordingId())
                .setRendition(Rendition.OPUS)
                .setSourceObjectKey(stored.getObjectKey())
                .setSourceSha256(stored.getSha256())
                .setObjectKey(rendition.objectKey())
                .setSha256(rendition.sha256())
                .setSizeBytes(rendition.sizeBytes())
                .setContentType(OpusEncoder.CONTENT_TYPE)
                .setCodec("opus")
                .setBitrateBps(bitrate)
                .setChannels(analysis.channels())
                .setParameters(parameters)
                .build();
    }

    /**
     * The id of the fact about one rendition: name-based UUID of
     * {@code RecordingDerived/<recordingId>/<sha256>/<rendition>/<parameters>/<analyzerVersion>}.
     *
     * @param recordingId the recording
     * @param sha256      its original's checksum
     * @param rendition   which rendition
     * @param parameters  the encoder parameters
     * @return the fact's event id
     */
    public static UUID derivedId(UUID recordingId, String sha256, Rendition rendition, String parameters) {
        return UUID.nameUUIDFromBytes(("RecordingDerived/" + recordingId + "/" + sha256 + "/" + rendition + "/"
                + parameters + "/" + ANALYZER_VERSION).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the derivatives of a deleted recording.
     *
     * @param deleted the event
     * @throws NonRetryableEventException if its key lies outside its tenant's part of the bucket
     * @throws DerivativeStoreException   if the store failed (may pass)
     */
    public void delete(RecordingDeleted deleted) {
        String objectKey = deleted.getObjectKey();
        if (objectKey == null) {
            return;
        }
        if (!ObjectKeys.belongsTo(objectKey, deleted.getTenantId())) {
            throw new NonRetryableEventException("RecordingDeleted " + deleted.getEventId()
                    + ": object key outside tenant " + deleted.getTenantId());
        }
        store.deleteDerivatives(objectKey);
        log.info("derivatives of deleted recording {} removed", deleted.getRecordingId());
    }

    /**
     * The id of the fact about one recording's content: name-based UUID of
     * {@code RecordingAnalyzed/<recordingId>/<sha256>/<analyzerVersion>}.
     *
     * @param recordingId the recording
     * @param sha256      its object's checksum
     * @return the fact's event id
     */
    public static UUID factId(UUID recordingId, String sha256) {
        return UUID.nameUUIDFromBytes(("RecordingAnalyzed/" + recordingId + "/" + sha256 + "/" + ANALYZER_VERSION)
                .getBytes(StandardCharsets.UTF_8));
    }

    private void validate(RecordingStored stored) {
        String objectKey = stored.getObjectKey();
        if (!ObjectKeys.belongsTo(objectKey, stored.getTenantId()) || RecordingTombstones.isTombstone(objectKey)) {
            throw new NonRetryableEventException("RecordingStored " + stored.getEventId()
                    + ": object key outside tenant " + stored.getTenantId());
        }
        if (!store.bucket().equals(stored.getBucket())) {
            throw new NonRetryableEventException("RecordingStored " + stored.getEventId() + ": bucket "
                    + stored.getBucket() + " is not this worker's bucket " + store.bucket());
        }
        if (stored.getSha256() == null || !SHA256.matcher(stored.getSha256()).matches()) {
            throw new NonRetryableEventException("RecordingStored " + stored.getEventId()
                    + ": sha256 is not 64 lowercase hex digits");
        }
    }

    private RecordingAnalyzed.Builder base(RecordingStored stored) {
        return RecordingAnalyzed.newBuilder()
                .setEventId(factId(stored.getRecordingId(), stored.getSha256()))
                .setOccurredAt(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS))
                .setTenantId(stored.getTenantId())
                .setRecordingId(stored.getRecordingId())
                .setSourceObjectKey(stored.getObjectKey())
                .setSourceSha256(stored.getSha256())
                .setAnalyzerVersion(ANALYZER_VERSION);
    }

    private RecordingAnalyzed analyzed(RecordingStored stored, RecordingAnalysis analysis, StoredDerivative peaks) {
        return base(stored)
                .setOutcome(AnalysisOutcome.ANALYZED)
                .setDurationMs(analysis.durationMs())
                .setChannels(analysis.channels())
                .setSampleRateHz(analysis.sampleRateHz())
                .setLoudnessLufs(analysis.loudnessLufs())
                .setTalkOverMs(analysis.talkOverMs())
                .setPerChannel(analysis.perChannel().stream().map(channel -> ChannelAnalysis.newBuilder()
                        .setChannel(channel.channel())
                        .setSpeechMs(channel.speechMs())
                        .setSpeechRatio(channel.speechRatio())
                        .setPeakDbfs(channel.peakDbfs())
                        .setClippedSamples(channel.clippedSamples())
                        .build()).toList())
                .setPeaksObjectKey(peaks.objectKey())
                .setPeaksSamplesPerPixel(analysis.peaks().samplesPerPixel())
                .setPeaksSizeBytes(peaks.sizeBytes())
                .build();
    }

    private RecordingAnalyzed failed(RecordingStored stored, String reason) {
        return base(stored)
                .setOutcome(AnalysisOutcome.FAILED)
                .setFailureReason(reason)
                .build();
    }
}
