package dev.callvault.playback.streaming;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Measures stream requests ({@code GET|HEAD /v1/streams/{recordingId}}) without Spring's per-request observation.
 *
 * <p>The observation behind {@code http.server.requests} (a context, its key values computed per request, a timer and
 * a long-task timer looked up by tags) was the largest single cost of a 64 KiB range request left in playback-service:
 * with stream requests skipping it, {@code bench/run --only playback} served about 20 % more 64 KiB range requests per
 * second of a 100 MB recording at 64 and 256 clients ({@code bench/results/2026-12-07-vm-b-playback.md}, run against
 * run on one machine). Stream requests therefore skip it
 * ({@link #skipStreamRequestObservations()}), and this filter records the same meter instead: the timer
 * {@code http.server.requests} with the tags the observation gives it ({@code method}, {@code uri}
 * {@value #URI_TEMPLATE}, {@code status}, {@code outcome}, {@code exception}, {@code error}; Prometheus
 * {@code http_server_requests_seconds_*}), one timer per method and status kept in a map, so the request-rate
 * autoscaling rule, the 5xx alert and the dashboard panels read stream requests as before. In place of the
 * long-task timer {@code http.server.requests.active}, the gauge {@code callvault.playback.streams.active} counts the
 * stream requests in progress (full-file streams last as long as the client reads). Every other path keeps the
 * observation.
 */
@Configuration(proxyBeanMethods = false)
class StreamRequestMetrics {

    /** The path prefix of stream requests. */
    static final String PATH_PREFIX = "/v1/streams/";

    /** The {@code uri} tag of stream requests, as Spring MVC names the route. */
    static final String URI_TEMPLATE = "/v1/streams/{recordingId}";

    private static final String OBSERVATION = "http.server.requests";

    /**
     * @return a predicate that turns Spring's server request observation off for stream requests only
     */
    @Bean
    ObservationPredicate skipStreamRequestObservations() {
        return (name, context) -> !(OBSERVATION.equals(name)
                && context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null
                && request.getCarrier().getRequestURI().startsWith(PATH_PREFIX));
    }

    /**
     * @param registry where the timers and the gauge are registered
     * @return the filter, first in the chain, on {@code /v1/streams/*} only
     */
    @Bean
    FilterRegistrationBean<StreamTimingFilter> streamTimingFilter(MeterRegistry registry) {
        FilterRegistrationBean<StreamTimingFilter> registration =
                new FilterRegistrationBean<>(new StreamTimingFilter(registry));
        registration.addUrlPatterns(PATH_PREFIX + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("streamTimingFilter");
        return registration;
    }

    /** Times each stream request into {@code http.server.requests}; counts those in progress. */
    static final class StreamTimingFilter extends OncePerRequestFilter {

        private final MeterRegistry registry;
        private final AtomicInteger active = new AtomicInteger();
        /** Timers by method and status (a handful: GET and HEAD times 200, 206, 304, 403, 404, 409, 416, 429, 503). */
        private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

        StreamTimingFilter(MeterRegistry registry) {
            this.registry = registry;
            Gauge.builder("callvault.playback.streams.active", active, AtomicInteger::get)
                    .description("Stream requests (GET|HEAD /v1/streams/{recordingId}) in progress")
                    .register(registry);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long start = System.nanoTime();
            active.incrementAndGet();
            Throwable failure = null;
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                active.decrementAndGet();
                int status = failure != null && !response.isCommitted() ? 500 : response.getStatus();
                timer(request.getMethod(), status, failure).record(System.nanoTime() - start,
                        TimeUnit.NANOSECONDS);
            }
        }

        private Timer timer(String method, int status, Throwable failure) {
            if (failure != null) {
                return register(method, status, failure.getClass().getSimpleName());
            }
            return timers.computeIfAbsent(method + status, key -> register(method, status, "none"));
        }

        private Timer register(String method, int status, String exception) {
            return Timer.builder(OBSERVATION)
                    .description("Duration of HTTP server request handling")
                    .tags(Tags.of("method", method, "uri", URI_TEMPLATE, "status", Integer.toString(status),
                            "outcome", Outcome.forStatus(status).name(), "exception", exception,
                            "error", exception))
                    .register(registry);
        }
    }
}
