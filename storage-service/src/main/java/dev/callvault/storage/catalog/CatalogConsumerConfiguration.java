package dev.callvault.storage.catalog;

import dev.callvault.platform.kafka.ProcessedEvents;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The catalog's processed-event table, {@code storage.processed_event}, for its consumer and its uploads. */
@Configuration(proxyBeanMethods = false)
class CatalogConsumerConfiguration {

    @Bean
    ProcessedEvents processedEvents(JdbcTemplate jdbc, Clock clock) {
        return new ProcessedEvents(jdbc, "processed_event", clock);
    }
}
