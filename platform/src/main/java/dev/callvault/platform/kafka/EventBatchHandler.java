package dev.callvault.platform.kafka;

import java.util.List;

/**
 * What a service does with the events of one poll, called by {@link EventBatchProcessor}.
 */
public interface EventBatchHandler {

    /**
     * Checks one event before any of the batch is applied, without the database: an event that can never apply
     * (wrong type for its topic, no tenant, malformed fields) throws, and only its record is dead-lettered.
     *
     * @param event the event
     * @throws NonRetryableEventException if the event can never apply
     */
    default void validate(ConsumedEvent event) {
    }

    /**
     * Applies events, in the order given (which is the order of each partition), inside the caller's database
     * transaction. Events already applied before (their id is in the processed-event table) are not passed in.
     *
     * @param events the events, at least one
     * @return one outcome per event, in the same order, as the {@code outcome} tag of the consumed-events counter
     *         (lowercase, e.g. {@code applied}, {@code ignored})
     * @throws NonRetryableEventException if an event can never apply (the transaction is rolled back and the events
     *                                    are applied again one at a time, to dead-letter exactly that one)
     * @throws RuntimeException           for anything that may pass (database down): the batch is retried
     */
    List<String> apply(List<ConsumedEvent> events);

    /**
     * Called after the transaction of {@link #apply} committed, on the consumer thread: the place for effects that
     * must not run for a rolled-back change (evicting caches, notifying subscribers).
     *
     * @param events   the events applied
     * @param outcomes their outcomes, same order
     */
    default void committed(List<ConsumedEvent> events, List<String> outcomes) {
    }
}
