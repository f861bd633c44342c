package dev.callvault.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.callvault.ingest.IngestProperties;
import dev.callvault.platform.kafka.AcknowledgedPublisher;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The publisher refuses producer settings under which a 503 could still turn into a delivered event (the rule itself
 * is the platform's, tested in {@code AcknowledgedPublisherTests}).
 */
class CallEndedPublisherTests {

    @Test
    void shouldAcceptProducerThatGivesUpBeforeThePublishTimeout() {
        // given the shipped producer bounds, 4 + 10 s, and a publish timeout of 15 s
        AcknowledgedPublisher publisher = publisher(Map.of("max.block.ms", "4000", "delivery.timeout.ms", "10000"));

        // when / then
        assertThatNoException().isThrownBy(() -> new CallEndedPublisher(publisher, properties(Duration.ofSeconds(15))));
    }

    @Test
    void shouldRefuseToStartWhenTheProducerMayDeliverAfterThePublishTimeout() {
        // given a producer that may take 4 + 12 s, and a publish timeout of 15 s
        AcknowledgedPublisher publisher = publisher(Map.of("max.block.ms", "4000", "delivery.timeout.ms", "12000"));

        // when / then
        assertThatIllegalStateException()
                .isThrownBy(() -> new CallEndedPublisher(publisher, properties(Duration.ofSeconds(15))))
                .withMessageContaining("callvault.ingest.publish-timeout");
    }

    @Test
    void shouldRefuseToStartWithoutAcksAll() {
        // given
        AcknowledgedPublisher publisher = publisher(Map.of("acks", "1", "max.block.ms", "1000",
                "delivery.timeout.ms", "1000"));

        // when / then
        assertThatIllegalStateException()
                .isThrownBy(() -> new CallEndedPublisher(publisher, properties(Duration.ofSeconds(15))))
                .withMessageContaining("acks=1");
    }

    private static AcknowledgedPublisher publisher(Map<String, Object> producer) {
        Map<String, Object> config = new HashMap<>(producer);
        config.put("bootstrap.servers", "127.0.0.1:9");
        config.putIfAbsent("acks", "all");
        return new AcknowledgedPublisher(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config)));
    }

    private static IngestProperties properties(Duration publishTimeout) {
        return new IngestProperties(URI.create("https://hooks.callvault.test"), DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(64), DataSize.ofMegabytes(8), publishTimeout, Duration.ofSeconds(30),
                Duration.ofMinutes(30), Duration.ofMinutes(5));
    }
}
