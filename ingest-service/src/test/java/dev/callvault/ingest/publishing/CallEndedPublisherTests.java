package dev.callvault.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The publisher refuses producer settings under which a 503 could still turn into a delivered event. */
class CallEndedPublisherTests {

    @Test
    void shouldAcceptProducerThatGivesUpBeforeThePublishTimeout() {
        // when / then
        assertThatNoException().isThrownBy(() -> CallEndedPublisher.checkProducerConfiguration(Map.of(
                "acks", "all", "max.block.ms", "4000", "delivery.timeout.ms", "10000"), Duration.ofSeconds(15)));
    }

    @Test
    void shouldRefuseProducerThatMayDeliverAfterThePublishTimeout() {
        // when / then
        assertThatIllegalStateException().isThrownBy(() -> CallEndedPublisher.checkProducerConfiguration(Map.of(
                "acks", "all", "max.block.ms", "4000", "delivery.timeout.ms", "12000"), Duration.ofSeconds(15)));
        assertThatIllegalStateException().isThrownBy(() -> CallEndedPublisher.checkProducerConfiguration(Map.of(
                "acks", "all"), Duration.ofSeconds(15)));
    }

    @Test
    void shouldRefuseProducerWithoutAcksAll() {
        // when / then
        assertThatIllegalStateException().isThrownBy(() -> CallEndedPublisher.checkProducerConfiguration(Map.of(
                "acks", "1", "max.block.ms", "1000", "delivery.timeout.ms", "1000"), Duration.ofSeconds(15)));
    }
}
