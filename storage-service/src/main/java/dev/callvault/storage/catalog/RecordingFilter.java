package dev.callvault.storage.catalog;

import dev.callvault.events.CallDirection;
import dev.callvault.events.Provider;
import dev.callvault.storage.analysis.RecordingAnalysisEntry;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/**
 * The list query's filters: always one tenant; optionally a status, a provider, a half-open range {@code [from, to)}
 * of call end times, the agent, a phone number of either party, the direction, the provider's call id, a range of
 * call durations and a lowest silence ratio of the quietest channel. Every filter given must hold.
 *
 * @param tenantId           the caller's tenant
 * @param status             status, or {@code null} for any
 * @param provider           provider, or {@code null} for any
 * @param from               earliest call end, inclusive, or {@code null}
 * @param to                 latest call end, exclusive, or {@code null}
 * @param agentId            the agent on the call, exactly, or {@code null}
 * @param phone              a phone number, exactly as the provider reported it (E.164), matching the calling or the
 *                           called party, or {@code null}
 * @param direction          the call's direction, or {@code null}
 * @param callId             the provider's call id, exactly, or {@code null}
 * @param minDurationSeconds shortest call duration in seconds, inclusive, or {@code null}
 * @param maxDurationSeconds longest call duration in seconds, inclusive, or {@code null}
 * @param minSilenceRatio    0.0 to 1.0: only recordings analysed (of their current object) with a channel silent at
 *                           least this share of the call, or {@code null}
 */
record RecordingFilter(String tenantId, RecordingStatus status, Provider provider, Instant from, Instant to,
        String agentId, String phone, CallDirection direction, String callId, Integer minDurationSeconds,
        Integer maxDurationSeconds, Double minSilenceRatio) {

    /** Newest call first; entries without a known call end last; ties by creation, then id, for stable pages. */
    static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("call.callEndedAt").nullsLast(),
            Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    /**
     * The filters of the first version: tenant, status, provider, call end range.
     */
    RecordingFilter(String tenantId, RecordingStatus status, Provider provider, Instant from, Instant to) {
        this(tenantId, status, provider, from, to, null, null, null, null, null, null, null);
    }

    Specification<Recording> toSpecification() {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            predicates.add(cb.equal(root.get("tenantId"), tenantId));
            if (status != null) {
                predicates.add(cb.equal(root.get("status"), status));
            }
            if (provider != null) {
                predicates.add(cb.equal(root.get("provider"), provider));
            }
            if (from != null) {
                predicates.add(cb.greaterThanOrEqualTo(root.get("call").get("callEndedAt"), from));
            }
            if (to != null) {
                predicates.add(cb.lessThan(root.get("call").get("callEndedAt"), to));
            }
            if (agentId != null) {
                predicates.add(cb.equal(root.get("call").get("agentId"), agentId));
            }
            if (phone != null) {
                predicates.add(cb.or(cb.equal(root.get("call").get("fromNumber"), phone),
                        cb.equal(root.get("call").get("toNumber"), phone)));
            }
            if (direction != null) {
                predicates.add(cb.equal(root.get("call").get("direction"), direction));
            }
            if (callId != null) {
                predicates.add(cb.equal(root.get("call").get("providerCallId"), callId));
            }
            if (minDurationSeconds != null) {
                predicates.add(cb.greaterThanOrEqualTo(root.get("call").get("durationSeconds"), minDurationSeconds));
            }
            if (maxDurationSeconds != null) {
                predicates.add(cb.lessThanOrEqualTo(root.get("call").get("durationSeconds"), maxDurationSeconds));
            }
            if (minSilenceRatio != null) {
                Subquery<UUID> analysed = query.subquery(UUID.class);
                Root<RecordingAnalysisEntry> analysis = analysed.from(RecordingAnalysisEntry.class);
                analysed.select(analysis.get("recordingId")).where(
                        cb.equal(analysis.get("recordingId"), root.get("id")),
                        cb.equal(analysis.get("tenantId"), root.get("tenantId")),
                        cb.equal(analysis.get("sourceSha256"), root.get("storedObject").get("sha256")),
                        cb.greaterThanOrEqualTo(analysis.get("maxSilenceRatio"), minSilenceRatio));
                predicates.add(cb.exists(analysed));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }
}
