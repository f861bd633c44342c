package dev.callvault.ingest.webhook;

import dev.callvault.events.CallEnded;
import dev.callvault.ingest.publishing.CallEndedPublisher;
import dev.callvault.platform.kafka.PublishFailedException;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Turns what a webhook amounts to into its answer, publishing first when there is an event. */
@Component
public class WebhookResponder {

    private final CallEndedPublisher publisher;

    /**
     * @param publisher publishes events and waits for the broker's acknowledgement
     */
    public WebhookResponder(CallEndedPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes and answers 202 {@link WebhookAnswers.Accepted}, or answers 200 {@link WebhookAnswers.Ignored}.
     *
     * @param outcome   what the webhook amounts to
     * @param onIgnored called with the reason before a 200 is answered, e.g. to log it with the provider's ids
     * @return the answer
     * @throws PublishFailedException if the broker did not acknowledge the event (answered 503 by the advice)
     */
    public ResponseEntity<Object> answer(WebhookOutcome outcome, Consumer<String> onIgnored) {
        return switch (outcome) {
            case WebhookOutcome.Publish(CallEnded event) -> {
                publisher.publish(event);
                yield ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(new WebhookAnswers.Accepted(event.getRecordingId(), event.getEventId()));
            }
            case WebhookOutcome.Ignore(String reason) -> {
                onIgnored.accept(reason);
                yield ResponseEntity.ok(new WebhookAnswers.Ignored(reason));
            }
        };
    }
}
