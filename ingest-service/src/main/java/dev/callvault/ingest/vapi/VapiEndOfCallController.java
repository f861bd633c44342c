package dev.callvault.ingest.vapi;

import dev.callvault.ingest.IngestProperties;
import dev.callvault.ingest.tenants.TenantDirectory;
import dev.callvault.ingest.webhook.LimitedInputStream;
import dev.callvault.ingest.webhook.WebhookResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/vapi/{tenantId}/end-of-call}: Vapi server messages (JSON), of which the
 * {@code end-of-call-report} is published.
 *
 * <p>The secret travels in a header, so the message is authenticated before its body is read: an unauthenticated
 * caller gets 401 without a byte of its body being parsed. The body then streams once through the size limit
 * ({@code callvault.ingest.max-vapi-body-size}) and Jackson's streaming parser, which keeps a few scalar fields and
 * skips the transcript, messages and assistant configuration without holding them.
 */
@RestController
class VapiEndOfCallController {

    /** The legacy header of the server URL secret. */
    static final String X_VAPI_SECRET = "X-Vapi-Secret";

    private static final Logger log = LoggerFactory.getLogger(VapiEndOfCallController.class);

    private final TenantDirectory tenants;
    private final EndOfCallReportParser parser;
    private final VapiEndOfCallMapper mapper;
    private final WebhookResponder responder;
    private final IngestProperties properties;
    private final Clock clock;

    VapiEndOfCallController(TenantDirectory tenants, EndOfCallReportParser parser, VapiEndOfCallMapper mapper,
            WebhookResponder responder, IngestProperties properties, Clock clock) {
        this.tenants = tenants;
        this.parser = parser;
        this.mapper = mapper;
        this.responder = responder;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/webhooks/vapi/{tenantId}/end-of-call")
    ResponseEntity<Object> endOfCall(@PathVariable String tenantId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = X_VAPI_SECRET, required = false) String legacySecret,
            HttpServletRequest request) throws IOException {
        VapiAccount account = tenants.credentials(tenantId, VapiAccount.BLOCK, VapiAccount.class);
        VapiServerSecret.check(account.webhookSecret(), authorization, legacySecret);

        long limit = properties.maxVapiBodySize().toBytes();
        LimitedInputStream.checkDeclaredLength(request.getContentLengthLong(), limit);
        EndOfCallReport report = parser.parse(new LimitedInputStream(request.getInputStream(), limit));

        return responder.answer(mapper.map(tenantId, report, clock.instant()),
                reason -> log.info("Vapi server message of tenant {} for call {} ignored: {}", tenantId,
                        report.get("message.call.id"), reason));
    }
}
