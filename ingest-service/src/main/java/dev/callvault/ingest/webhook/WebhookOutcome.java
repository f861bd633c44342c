package dev.callvault.ingest.webhook;

import dev.callvault.events.CallEnded;

/** What an authenticated, well-formed webhook amounts to. */
public sealed interface WebhookOutcome {

    /**
     * Publish this event, then answer 202.
     *
     * @param event the event
     */
    record Publish(CallEnded event) implements WebhookOutcome {
    }

    /**
     * Publish nothing and answer 200.
     *
     * @param reason why, for the answer and the log
     */
    record Ignore(String reason) implements WebhookOutcome {
    }
}
