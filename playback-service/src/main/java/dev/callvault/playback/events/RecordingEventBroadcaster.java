package dev.callvault.playback.events;

import dev.callvault.playback.readmodel.RecordingStatus;
import dev.callvault.playback.readmodel.RecordingStatusChanged;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Keeps the open event streams by tenant and sends each of them the read model's committed transitions to
 * {@code AVAILABLE} or {@code FAILED} of that tenant's recordings: event name {@value #EVENT_NAME}, data
 * {@code {"recordingId": "...", "status": "AVAILABLE"|"FAILED"}} (W3C HTML, "Server-sent events"). A comment line
 * is sent every heartbeat interval. Each send runs on its own virtual thread, so a slow client holds up nobody else;
 * a stream whose send fails is dropped.
 *
 * <p>An instance announces the transitions its own read-model consumers applied; with several instances, a dashboard
 * hears of the recordings on the partitions its instance consumes (see README, "Events").
 */
@Component
class RecordingEventBroadcaster implements DisposableBean {

    static final String EVENT_NAME = "recording";

    private static final Logger log = LoggerFactory.getLogger(RecordingEventBroadcaster.class);

    private final Map<String, Set<SseEmitter>> byTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> openByTenant = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final EventsProperties properties;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-heartbeat").daemon().factory());

    RecordingEventBroadcaster(EventsProperties properties) {
        this.properties = properties;
        long period = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream for a tenant. It ends (the client may reconnect with a fresh token) at the earlier of the
     * configured lifetime and the expiry of the token it was opened with.
     *
     * @param tenantId       the caller's tenant
     * @param tokenExpiresAt the {@code exp} of the caller's token, or {@code null} if it has none
     * @return the emitter, already registered
     * @throws TooManySubscribersException if the instance holds {@code max-subscribers} streams, or the tenant
     *                                     {@code max-subscribers-per-tenant}
     */
    SseEmitter subscribe(String tenantId, Instant tokenExpiresAt) {
        Set<SseEmitter> emitters = byTenant.computeIfAbsent(tenantId, t -> new CopyOnWriteArraySet<>());
        AtomicInteger ofTenant = openByTenant.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (ofTenant.incrementAndGet() > properties.maxSubscribersPerTenant()) {
            ofTenant.decrementAndGet();
            throw TooManySubscribersException.forTenant();
        }
        if (open.incrementAndGet() > properties.maxSubscribers()) {
            open.decrementAndGet();
            ofTenant.decrementAndGet();
            throw new TooManySubscribersException();
        }
        long lifetime = properties.timeout().toMillis();
        if (tokenExpiresAt != null) {
            lifetime = Math.max(1, Math.min(lifetime, Duration.between(clock.instant(), tokenExpiresAt).toMillis()));
        }
        SseEmitter emitter = new SseEmitter(lifetime);
        emitters.add(emitter);
        Runnable remove = () -> {
            if (emitters.remove(emitter)) {
                open.decrementAndGet();
                ofTenant.decrementAndGet();
            }
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(() -> {
            remove.run();
            emitter.complete();
        });
        emitter.onError(error -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            remove.run();
            emitter.completeWithError(e);
        }
        return emitter;
    }

    @TransactionalEventListener
    void onStatusChanged(RecordingStatusChanged change) {
        if (change.status() != RecordingStatus.AVAILABLE && change.status() != RecordingStatus.FAILED) {
            return;
        }
        Set<SseEmitter> emitters = byTenant.get(change.tenantId());
        if (emitters == null || emitters.isEmpty()) {
            return;
        }
        Map<String, String> data = Map.of("recordingId", change.recordingId().toString(),
                "status", change.status().name());
        for (SseEmitter emitter : emitters) {
            senders.execute(() -> send(emitter, SseEmitter.event().name(EVENT_NAME)
                    .data(data, MediaType.APPLICATION_JSON)));
        }
    }

    private void heartbeat() {
        byTenant.values().forEach(emitters -> emitters.forEach(emitter ->
                senders.execute(() -> send(emitter, SseEmitter.event().comment("heartbeat")))));
    }

    private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            log.debug("dropping an event stream: {}", e.toString());
            emitter.completeWithError(e);
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        byTenant.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
        senders.shutdown();
    }
}
