package dev.callvault.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit export's CSV records, RFC 4180 section 2. */
class CsvTests {

    @Test
    void shouldQuoteFieldsWithCommasQuotesAndLineBreaksAndEndEachRecordWithCrLf() {
        // when a record with every kind of field is written
        byte[] line = AuditApi.line(List.of("plain", "a,b", "say \"hi\"", "two\nlines", ""));

        // then only the fields that need it are quoted, inner quotes doubled
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    }
}
