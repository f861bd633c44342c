package dev.callvault.dashboard.api;

import dev.callvault.dashboard.backend.Backends;
import dev.callvault.dashboard.backend.Backends.Service;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access log: {@code GET /api/audit-events?recordingId=&subject=&action=&from=&to=&page=&size=} passes
 * audit-service's list on; {@code GET /api/audit-events.csv} with the same filters exports every matching event as
 * CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break), newest
 * first, read from audit-service 500 at a time and written as they come, at most {@value #MAX_CSV_ROWS} rows.
 */
@RestController
class AuditApi {

    /** Most rows one export writes. */
    static final int MAX_CSV_ROWS = 100_000;

    private static final List<String> FILTERS = List.of("recordingId", "subject", "action", "from", "to", "page",
            "size");
    private static final List<String> COLUMNS = List.of("occurredAt", "recordingId", "subject", "action",
            "requestedRange", "httpStatus", "clientAddress", "userAgent", "urlExpiresAt", "eventId");

    private final Backends backends;
    private final JsonMapper json;

    AuditApi(Backends backends, JsonMapper json) {
        this.backends = backends;
        this.json = json;
    }

    @GetMapping("/api/audit-events")
    ResponseEntity<byte[]> list(@RequestParam Map<String, String> parameters, Authentication user) {
        return backends.call(Service.AUDIT, "GET", Queries.of("/v1/audit-events", parameters, FILTERS), null, user);
    }

    @GetMapping("/api/audit-events.csv")
    void export(@RequestParam Map<String, String> parameters, Authentication user, HttpServletResponse response)
            throws IOException {
        Map<String, String> query = new HashMap<>(parameters);
        query.put("size", "500");
        query.put("page", "0");
        ResponseEntity<byte[]> first = backends.call(Service.AUDIT, "GET",
                Queries.of("/v1/audit-events", query, FILTERS), null, user);
        if (!first.getStatusCode().is2xxSuccessful()) {
            response.setStatus(first.getStatusCode().value());
            response.setContentType(first.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
            response.getOutputStream().write(first.getBody());
            return;
        }
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        OutputStream out = response.getOutputStream();
        out.write(line(COLUMNS));
        JsonNode page = json.readTree(first.getBody());
        int rows = 0;
        int pageNumber = 0;
        while (true) {
            for (JsonNode item : page.path("items")) {
                if (rows++ >= MAX_CSV_ROWS) {
                    return;
                }
                out.write(line(COLUMNS.stream().map(column -> item.path(column).isNull()
                        || item.path(column).isMissingNode() ? "" : item.path(column).asString()).toList()));
            }
            pageNumber++;
            if (pageNumber >= page.path("totalPages").asLong(0)) {
                return;
            }
            query.put("page", String.valueOf(pageNumber));
            ResponseEntity<byte[]> next = backends.call(Service.AUDIT, "GET",
                    Queries.of("/v1/audit-events", query, FILTERS), null, user);
            if (!next.getStatusCode().is2xxSuccessful()) {
                throw new IOException("audit-service answered " + next.getStatusCode() + " at page " + pageNumber);
            }
            page = json.readTree(next.getBody());
        }
    }

    /** @return one CSV record, RFC 4180 section 2 */
    static byte[] line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
