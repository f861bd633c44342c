package dev.callvault.storage.catalog;

import dev.callvault.events.Provider;
import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/**
 * The list query's filters: always one tenant; optionally a status, a provider and a half-open range
 * {@code [from, to)} of call end times.
 *
 * @param tenantId the caller's tenant
 * @param status   status, or {@code null} for any
 * @param provider provider, or {@code null} for any
 * @param from     earliest call end, inclusive, or {@code null}
 * @param to       latest call end, exclusive, or {@code null}
 */
record RecordingFilter(String tenantId, RecordingStatus status, Provider provider, Instant from, Instant to) {

    /** Newest call first; entries without a known call end last; ties by creation, then id, for stable pages. */
    static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("call.callEndedAt").nullsLast(),
            Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

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
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }
}
