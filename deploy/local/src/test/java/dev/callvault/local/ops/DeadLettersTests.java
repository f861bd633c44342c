package dev.callvault.local.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callvault.events.CallEnded;
import dev.callvault.events.Provider;
import dev.callvault.events.RecordingIds;
import dev.callvault.events.serde.AvroEventSerializer;
import dev.callvault.local.testing.SharedInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * {@code deploy/ops/dead-letters} against the shared real broker. Dead letters are written by spring-kafka's own
 * {@link DeadLetterPublishingRecoverer}, as the services write them; every test uses its own source and dead-letter
 * topics.
 */
class DeadLettersTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String bootstrap;
    private static DefaultKafkaProducerFactory<String, byte[]> producers;
    private static DeadLetterPublishingRecoverer recoverer;

    @BeforeAll
    static void deadLetterPublisher() {
        bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer());
        recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers));
    }

    @AfterAll
    static void closeProducers() {
        producers.destroy();
    }

    @Test
    void shouldListADeadLetterTopicWithItsRecordCount() {
        // given
        String source = newSourceTopic();
        for (int i = 0; i < 3; i++) {
            deadLetter(source, i, UUID.randomUUID().toString(), encode(callEnded(UUID.randomUUID())), List.of());
        }

        // when
        Result result = run("list");

        // then
        assertThat(result.status()).isZero();
        assertThat(result.out().lines().filter(line -> line.startsWith(source + "-dlt ")))
                .singleElement().satisfies(line -> assertThat(line.trim().split("\\s+"))
                        .containsExactly(source + "-dlt", "3", "3", "3"));
    }

    @Test
    void shouldPrintTheDecodedEventWithTheDeadLetterHeadersAndUndecodableValuesAsBase64() throws Exception {
        // given
        String source = newSourceTopic();
        UUID recordingId = UUID.randomUUID();
        CallEnded event = callEnded(recordingId);
        byte[] garbage = "not an Avro event".getBytes(StandardCharsets.UTF_8);
        deadLetter(source, 7, recordingId.toString(), encode(event), List.of());
        deadLetter(source, 8, "some-key", garbage, List.of());

        // when
        Result result = run("inspect", source + "-dlt", "--limit", "10");

        // then
        assertThat(result.status()).isZero();
        List<JsonNode> records = jsonRecords(result.out());
        assertThat(records).hasSize(2);
        JsonNode decoded = records.stream().filter(r -> r.path("key").asText().equals(recordingId.toString()))
                .findFirst().orElseThrow();
        assertThat(decoded.path("valueType").asText()).isEqualTo("dev.callvault.events.CallEnded");
        assertThat(decoded.path("value").path("recordingId").asText()).isEqualTo(recordingId.toString());
        assertThat(decoded.path("value").path("tenantId").asText()).isEqualTo(event.getTenantId());
        assertThat(decoded.path("value").path("provider").asText()).isEqualTo("TWILIO");
        assertThat(decoded.path("value").path("occurredAt").asText()).isEqualTo(event.getOccurredAt().toString());
        assertThat(decoded.path("value").path("providerRecordingId").asText())
                .isEqualTo(event.getProviderRecordingId());
        JsonNode headers = decoded.path("headers");
        assertThat(headers.path("kafka_dlt-exception-fqcn").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(headers.path("kafka_dlt-exception-message").asText()).isEqualTo("provider answered 500");
        assertThat(headers.path("kafka_dlt-original-topic").asText()).isEqualTo(source);
        assertThat(headers.path("kafka_dlt-original-offset").asLong()).isEqualTo(7);
        assertThat(headers.path("kafka_dlt-original-partition").asInt()).isEqualTo(decoded.path("partition").asInt());
        JsonNode undecodable = records.stream().filter(r -> r.path("key").asText().equals("some-key"))
                .findFirst().orElseThrow();
        assertThat(undecodable.path("valueBase64").asText()).isEqualTo(Base64.getEncoder().encodeToString(garbage));
        assertThat(undecodable.has("value")).isFalse();
    }

    @Test
    void shouldRedriveTheExactBytesWithTheKeyToTheSourceTopicOnlyOnce() {
        // given two dead letters, and a dry run that changed nothing
        String source = newSourceTopic();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        byte[] firstValue = encode(callEnded(UUID.fromString(first)));
        byte[] secondValue = encode(callEnded(UUID.fromString(second)));
        Header trace = new RecordHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                .getBytes(StandardCharsets.UTF_8));
        Header attempts = new RecordHeader("retry_topic-attempts", new byte[] {0, 0, 0, 3});
        deadLetter(source, 0, first, firstValue, List.of(trace, attempts));
        deadLetter(source, 1, second, secondValue, List.of());
        Result dryRun = run("redrive", source + "-dlt");
        assertThat(dryRun.status()).isZero();
        assertThat(dryRun.out()).contains("would redrive").contains("Dry run: nothing published");

        // when
        Result redrive = run("redrive", source + "-dlt", "--execute");

        // then
        assertThat(redrive.status()).isZero();
        assertThat(redrive.out()).contains("Re-drove 2 record(s) to " + source);
        List<ConsumerRecord<String, byte[]>> firstCopies = SharedInfrastructure.topics().readRaw(source, first,
                Duration.ofSeconds(10));
        assertThat(firstCopies).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(firstValue);
            assertThat(headerNames(record)).containsExactly("traceparent");
            assertThat(record.headers().lastHeader("traceparent").value()).isEqualTo(trace.value());
        });
        assertThat(SharedInfrastructure.topics().readRaw(source, second, Duration.ofSeconds(10)))
                .singleElement().satisfies(record -> {
                    assertThat(record.value()).isEqualTo(secondValue);
                    assertThat(headerNames(record)).isEmpty();
                });

        // and when redriven again
        Result again = run("redrive", source + "-dlt", "--execute");

        // then nothing more was published
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("Nothing to re-drive");
        assertThat(SharedInfrastructure.topics().readRaw(source, first, Duration.ofSeconds(10))).hasSize(1);
        assertThat(SharedInfrastructure.topics().readRaw(source, second, Duration.ofSeconds(10))).hasSize(1);
        assertThat(run("list").out().lines().filter(line -> line.startsWith(source + "-dlt ")))
                .singleElement().satisfies(line -> assertThat(line.trim().split("\\s+"))
                        .containsExactly(source + "-dlt", "3", "2", "0"));
    }

    @Test
    void shouldRedriveOnlyTheNamedRecordingAndKeepTheOthersPending() {
        // given
        String source = newSourceTopic();
        UUID wanted = RecordingIds.of("demo", Provider.TWILIO, "RE" + UUID.randomUUID().toString().replace("-", ""));
        UUID other = UUID.randomUUID();
        deadLetter(source, 0, other.toString(), encode(callEnded(other)), List.of());
        deadLetter(source, 1, wanted.toString(), encode(callEnded(wanted)), List.of());

        // when
        Result result = run("redrive", source + "-dlt", "--recording-id", wanted.toString(), "--execute");

        // then
        assertThat(result.status()).isZero();
        assertThat(SharedInfrastructure.topics().readRaw(source, wanted.toString(), Duration.ofSeconds(10)))
                .hasSize(1);
        assertThat(SharedInfrastructure.topics().readRaw(source, other.toString(), Duration.ofSeconds(2))).isEmpty();
        assertThat(run("redrive", source + "-dlt").out()).contains("would redrive").contains("key=" + other);
    }

    @Test
    void shouldRejectATopicThatIsNotADeadLetterTopic() {
        // when
        Result result = run("redrive", "callvault.call-ended.v1", "--execute");

        // then
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("is not a dead-letter topic");
    }

    @Test
    void shouldAnswerAUsageErrorForAMissingTopicOrAnUnknownCommand() {
        // when
        Result missingTopic = run("inspect");
        Result unknown = run("replay");

        // then
        assertThat(missingTopic.status()).isEqualTo(2);
        assertThat(missingTopic.err()).contains("inspect needs a dead-letter topic").contains("usage:");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command replay");
    }

    private static String newSourceTopic() {
        String source = "callvault.ops-test-" + UUID.randomUUID() + ".v1";
        SharedInfrastructure.kafka().createTopics(source, source + "-dlt");
        return source;
    }

    /** Dead-letters a record as a failed listener would: through the recoverer, with the failure's headers. */
    private static void deadLetter(String source, long offset, String key, byte[] value, List<Header> headers) {
        int partition = Math.floorMod(key.hashCode(), 3);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(source, partition, offset, key, value);
        headers.forEach(record.headers()::add);
        recoverer.accept(record, new IllegalStateException("provider answered 500"));
    }

    private static CallEnded callEnded(UUID recordingId) {
        return CallEnded.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setTenantId("ops-" + recordingId)
                .setRecordingId(recordingId).setProvider(Provider.TWILIO)
                .setProviderRecordingId("RE" + recordingId.toString().replace("-", "")).build();
    }

    private static byte[] encode(CallEnded event) {
        try (AvroEventSerializer serializer = new AvroEventSerializer()) {
            return serializer.serialize("any", event);
        }
    }

    private static List<String> headerNames(ConsumerRecord<String, byte[]> record) {
        List<String> names = new ArrayList<>();
        record.headers().forEach(header -> names.add(header.key()));
        return names;
    }

    private static List<JsonNode> jsonRecords(String out) throws Exception {
        String json = out.substring(0, out.lastIndexOf('}') + 1);
        List<JsonNode> records = new ArrayList<>();
        JSON.readerFor(JsonNode.class).readValues(json).forEachRemaining(node -> records.add((JsonNode) node));
        return records;
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] withBootstrap = new String[args.length + 2];
        withBootstrap[0] = "--bootstrap";
        withBootstrap[1] = bootstrap;
        System.arraycopy(args, 0, withBootstrap, 2, args.length);
        int status = DeadLetters.run(withBootstrap, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {
    }
}
