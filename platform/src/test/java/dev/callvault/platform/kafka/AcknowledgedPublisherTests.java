package dev.callvault.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.callvault.events.CallEnded;
import dev.callvault.platform.PlatformAutoConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * What callers of {@link AcknowledgedPublisher} observe: where records were written, how many were acknowledged when
 * publishing fails, bounded waits, interrupts, and the startup check of the producer's own bounds. The broker is a
 * {@link MockProducer} whose acknowledgements the tests give or withhold.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcknowledgedPublisherTests {

    private static final String TOPIC = "callvault.test.v1";
    private static final String PHONE_NUMBER = "+15550100999";

    /** A broker that answers only when a test says so. */
    private final MockProducer<String, SpecificRecord> broker = broker(false);

    private final AcknowledgedPublisher publisher = new AcknowledgedPublisher(template(broker,
            Map.of("acks", "all", "max.block.ms", "100", "delivery.timeout.ms", "200")));

    @Test
    void shouldReturnWhereEachRecordWasWrittenWhenTheBrokerAcknowledgesAll() {
        // given a broker that acknowledges every record at once
        MockProducer<String, SpecificRecord> acknowledging = broker(true);
        AcknowledgedPublisher publisher = new AcknowledgedPublisher(template(acknowledging, Map.of()));

        // when
        List<RecordMetadata> written = publisher.publishAll(List.of(record("a"), record("b"), record("c")),
                Duration.ofSeconds(5));

        // then
        assertThat(written).hasSize(3).allSatisfy(metadata -> assertThat(metadata.topic()).isEqualTo(TOPIC));
        assertThat(acknowledging.history()).extracting(ProducerRecord::key).containsExactly("a", "b", "c");
    }

    @Test
    void shouldReturnAtOnceWhenThereIsNothingToPublish() {
        // when
        List<RecordMetadata> written = publisher.publishAll(List.of(), Duration.ofMillis(1));

        // then
        assertThat(written).isEmpty();
        assertThat(broker.history()).isEmpty();
    }

    @Test
    void shouldReportHowManyWereAcknowledgedWhenOneSendFails() throws Exception {
        // given three records on their way
        CompletableFuture<List<RecordMetadata>> publishing = CompletableFuture.supplyAsync(() ->
                publisher.publishAll(List.of(record("a"), record("b"), record("c")), Duration.ofSeconds(10)));
        awaitSent(3);

        // when the broker acknowledges the first and third but refuses the second
        broker.completeNext();
        broker.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));
        broker.completeNext();

        // then
        PublishFailedException failure = publishFailure(publishing);
        assertThat(failure.acknowledged()).isEqualTo(2);
        assertThat(failure.total()).isEqualTo(3);
        assertThat(failure).hasRootCauseInstanceOf(NotEnoughReplicasException.class)
                .hasMessageContaining("2 of 3 records to " + TOPIC);
    }

    @Test
    void shouldFailWithNoneAcknowledgedWhenTheBrokerDoesNotAnswerInTime() {
        // given a broker that never answers
        Instant start = Instant.now();

        // when
        PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                () -> publisher.publish(record("a"), Duration.ofMillis(200)));

        // then
        assertThat(failure.acknowledged()).isZero();
        assertThat(failure.total()).isEqualTo(1);
        assertThat(failure).hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldCountOnlyTheRecordsAcknowledgedBeforeTheWaitEnded() throws Exception {
        // given two records on their way
        CompletableFuture<List<RecordMetadata>> publishing = CompletableFuture.supplyAsync(() ->
                publisher.publishAll(List.of(record("a"), record("b")), Duration.ofMillis(500)));
        awaitSent(2);

        // when the broker acknowledges only the first
        broker.completeNext();

        // then
        PublishFailedException failure = publishFailure(publishing);
        assertThat(failure.acknowledged()).isEqualTo(1);
        assertThat(failure.total()).isEqualTo(2);
        assertThat(failure).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldFailWithNoneAcknowledgedWhenSendThrowsForWantOfMetadata() {
        // given a producer that gets no metadata within max.block.ms
        broker.sendException = new org.apache.kafka.common.errors.TimeoutException(
                "Topic " + TOPIC + " not present in metadata after 100 ms.");

        // when
        PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                () -> publisher.publishAll(List.of(record("a"), record("b")), Duration.ofSeconds(5)));

        // then
        assertThat(failure.acknowledged()).isZero();
        assertThat(failure.total()).isEqualTo(2);
        assertThat(failure).hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void shouldFailAndKeepTheInterruptWhenInterruptedWhileWaiting() {
        // given a waiting thread that is interrupted
        Thread.currentThread().interrupt();

        // when
        PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                () -> publisher.publish(record("a"), Duration.ofSeconds(5)));

        // then
        boolean interrupted = Thread.interrupted();
        assertThat(interrupted).isTrue();
        assertThat(failure.acknowledged()).isZero();
        assertThat(failure).hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void shouldWaitAsLongAsTheProducerItselfWhenGivenNoTimeout() {
        // given a producer that gives up after 100 + 200 ms, and a broker that never answers
        Instant start = Instant.now();

        // when
        PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                () -> publisher.publish(record("a")));

        // then the wait was the producer's bound plus the margin, then no longer
        Duration waited = Duration.between(start, Instant.now());
        assertThat(publisher.producerBound()).isEqualTo(Duration.ofMillis(300));
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300).plus(AcknowledgedPublisher.MARGIN))
                .isLessThan(Duration.ofSeconds(5));
        assertThat(failure).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldNeverPutARecordsKeyOrValueInItsMessageOrLogs(CapturedOutput output) {
        // given a record whose value carries a phone number, published once with success and once without, with the
        // publisher's debug log on
        Logger logger = (Logger) LoggerFactory.getLogger(AcknowledgedPublisher.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            MockProducer<String, SpecificRecord> acknowledging = broker(true);
            new AcknowledgedPublisher(template(acknowledging, Map.of())).publish(record("key-one"),
                    Duration.ofSeconds(5));
            broker.sendException = new NotEnoughReplicasException("not enough in-sync replicas");

            // when
            PublishFailedException failure = catchThrowableOfType(PublishFailedException.class,
                    () -> publisher.publish(record("key-two"), Duration.ofSeconds(5)));

            // then
            assertThat(failure.getMessage()).doesNotContain(PHONE_NUMBER).doesNotContain("key-two");
            List<String> logged = output.getAll().lines().filter(line -> line.contains("AcknowledgedPublisher"))
                    .toList();
            assertThat(logged).isNotEmpty().anySatisfy(line -> assertThat(line).contains(TOPIC))
                    .allSatisfy(line -> assertThat(line).doesNotContain(PHONE_NUMBER).doesNotContain("key-one"));
        } finally {
            logger.setLevel(level);
        }
    }

    @Test
    void shouldAcceptProducerThatGivesUpBeforeTheTimeout() {
        // when / then
        assertThatNoException().isThrownBy(() -> AcknowledgedPublisher.checkProducerConfiguration(Map.of(
                "acks", "all", "max.block.ms", "4000", "delivery.timeout.ms", 10_000), Duration.ofSeconds(15),
                "callvault.test.timeout"));
    }

    @Test
    void shouldRefuseProducerThatMayDeliverAfterTheTimeout() {
        // when / then: 4 + 12 s, and Kafka's defaults of 60 + 120 s
        assertThatIllegalStateException().isThrownBy(() -> AcknowledgedPublisher.checkProducerConfiguration(Map.of(
                "acks", "all", "max.block.ms", "4000", "delivery.timeout.ms", "12000"), Duration.ofSeconds(15),
                "callvault.test.timeout")).withMessageContaining("callvault.test.timeout (15000 ms)")
                .withMessageContaining("(16000 ms)");
        assertThatIllegalStateException().isThrownBy(() -> AcknowledgedPublisher.checkProducerConfiguration(Map.of(
                "acks", "all"), Duration.ofSeconds(15), "callvault.test.timeout"))
                .withMessageContaining("(180000 ms)");
    }

    @Test
    void shouldRefuseProducerWithoutAcksAll() {
        // when / then
        assertThatIllegalStateException().isThrownBy(() -> AcknowledgedPublisher.checkProducerConfiguration(Map.of(
                "acks", "1", "max.block.ms", "1000", "delivery.timeout.ms", "1000"), Duration.ofSeconds(15),
                "callvault.test.timeout")).withMessageContaining("acks=1");
    }

    @Test
    void shouldCheckTheTimeoutAgainstTheProducerFactorysConfiguration() {
        // given a template whose producer gives up after 2 + 2.5 s
        AcknowledgedPublisher publisher = new AcknowledgedPublisher(new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9",
                        "acks", "all", "max.block.ms", 2000, "delivery.timeout.ms", "2500"))));

        // when / then
        assertThat(publisher.producerBound()).isEqualTo(Duration.ofMillis(4500));
        assertThatNoException().isThrownBy(() -> publisher.requireDeliveryEndsWithin(Duration.ofSeconds(5),
                "callvault.test.timeout"));
        assertThatIllegalStateException().isThrownBy(() -> publisher.requireDeliveryEndsWithin(
                Duration.ofMillis(4500), "callvault.test.timeout"));
    }

    @Test
    void shouldBeDeclaredWhereSpringBootMadeAKafkaTemplate() {
        // given
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PlatformAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "spring.kafka.admin.auto-create=false");

        // when / then
        runner.run(context -> assertThat(context).hasSingleBean(AcknowledgedPublisher.class));
    }

    private void awaitSent(int records) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.history().size() < records) {
            assertThat(System.nanoTime() - deadline).as("records sent in time").isNegative();
            Thread.sleep(5);
        }
    }

    private static PublishFailedException publishFailure(CompletableFuture<?> publishing) {
        Throwable thrown = catchThrowable(() -> publishing.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(PublishFailedException.class);
        return (PublishFailedException) thrown.getCause();
    }

    /** A mock producer kept open across sends (KafkaTemplate closes its producer after each one). */
    private static MockProducer<String, SpecificRecord> broker(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), (topic, value) -> new byte[0]) {
            @Override
            public void close(Duration timeout) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static ProducerRecord<String, SpecificRecord> record(String key) {
        CallEnded value = new CallEnded();
        value.setFromNumber(PHONE_NUMBER);
        return new ProducerRecord<>(TOPIC, key, value);
    }

    private static KafkaTemplate<String, SpecificRecord> template(MockProducer<String, SpecificRecord> producer,
            Map<String, Object> configuration) {
        ProducerFactory<String, SpecificRecord> factory = new ProducerFactory<>() {
            @Override
            public Producer<String, SpecificRecord> createProducer() {
                return producer;
            }

            @Override
            public Map<String, Object> getConfigurationProperties() {
                return configuration;
            }
        };
        KafkaTemplate<String, SpecificRecord> template = new KafkaTemplate<>(factory);
        // the template's own logging listener is the service's concern (they leave contents out); not under test here
        template.setProducerListener(new ProducerListener<>() {
        });
        return template;
    }
}
