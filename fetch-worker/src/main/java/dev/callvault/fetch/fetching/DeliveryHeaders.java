package dev.callvault.fetch.fetching;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

/**
 * What a record carries from one delivery to the next through the retry topics: spring-kafka's delivery count
 * ({@link RetryTopicHeaders#DEFAULT_HEADER_ATTEMPTS}, a 4-byte big-endian int, absent on the source topic) and the
 * provider attempts made so far ({@link #PROVIDER_ATTEMPTS}, same encoding; the last value counts).
 */
public final class DeliveryHeaders {

    /** Header holding the provider attempts made over every earlier delivery. */
    public static final String PROVIDER_ATTEMPTS = "callvault_fetch-attempts";

    private DeliveryHeaders() {
    }

    /**
     * @param record a consumed record
     * @return its delivery, 1 on the source topic, n + 1 on the n-th retry topic
     */
    public static int delivery(ConsumerRecord<?, ?> record) {
        return Math.max(1, lastInt(record.headers(), RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, 1));
    }

    /**
     * @param record a consumed record
     * @return provider attempts made by earlier deliveries (0 on the source topic)
     */
    public static int earlierAttempts(ConsumerRecord<?, ?> record) {
        return Math.max(0, lastInt(record.headers(), PROVIDER_ATTEMPTS, 0));
    }

    /**
     * @param attempts provider attempts made so far
     * @return the headers to add to the record published to the next retry topic
     */
    public static Headers providerAttempts(int attempts) {
        return new RecordHeaders().add(PROVIDER_ATTEMPTS, ByteBuffer.allocate(Integer.BYTES).putInt(attempts).array());
    }

    private static int lastInt(Headers headers, String name, int absent) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null || header.value().length != Integer.BYTES
                ? absent : ByteBuffer.wrap(header.value()).getInt();
    }
}
