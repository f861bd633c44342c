package dev.callvault.local.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The cluster id handed to {@code kafka-storage format -t <id>}: an id starting with {@code -} is read as an option
 * and the format exits with 1, so the launcher's broker (and CI) failed one time in 64.
 */
class KafkaClusterIdTests {

    @Test
    void shouldNeverMintAClusterIdTheStorageToolWouldReadAsAnOption() {
        // given 10,000 fresh cluster ids (a home-made Base64 id starts with '-' in 1 of 64 draws)
        // when each is minted
        // then none starts with '-', and each is 16 bytes of URL-safe Base64 as Kafka's Uuid writes it
        IntStream.range(0, 10_000).mapToObj(i -> KafkaBrokerProcess.clusterId()).forEach(id -> {
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        });
    }
}
