package dev.callvault.ingest.telnyx;

import dev.callvault.ingest.IngestProperties;
import dev.callvault.ingest.tenants.TenantDirectory;
import dev.callvault.ingest.webhook.LimitedInputStream;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import dev.callvault.ingest.webhook.WebhookResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/telnyx/{tenantId}/call-recording}: Telnyx Call Control webhooks (JSON), of which
 * {@code call.recording.saved} is published.
 *
 * <p>Order: the tenant (404), the signature headers and the signed time, at most {@link TelnyxSignature#TOLERANCE}
 * from the injected clock (401); then the raw body is read as received, at most {@code callvault.ingest.max-body-size}
 * (a larger declared {@code Content-Length} answers 413 before a byte is read, a longer stream stops at the limit),
 * and the Ed25519 signature over {@code "<telnyx-timestamp>|<body>"} is verified with the tenant's public key (401).
 * Only a verified body is parsed, so an unauthenticated caller's body influences nothing but its 401. A public key
 * that does not decode is a configuration error: 500, logged without the key.
 */
@RestController
class TelnyxCallRecordingController {

    private static final Logger log = LoggerFactory.getLogger(TelnyxCallRecordingController.class);

    private final TenantDirectory tenants;
    private final TelnyxWebhookParser parser;
    private final TelnyxRecordingSavedMapper mapper;
    private final WebhookResponder responder;
    private final IngestProperties properties;
    private final Clock clock;

    TelnyxCallRecordingController(TenantDirectory tenants, TelnyxWebhookParser parser,
            TelnyxRecordingSavedMapper mapper, WebhookResponder responder, IngestProperties properties, Clock clock) {
        this.tenants = tenants;
        this.parser = parser;
        this.mapper = mapper;
        this.responder = responder;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/webhooks/telnyx/{tenantId}/call-recording")
    ResponseEntity<Object> callRecording(@PathVariable String tenantId,
            @RequestHeader(name = TelnyxSignature.SIGNATURE_HEADER, required = false) String signatureHeader,
            @RequestHeader(name = TelnyxSignature.TIMESTAMP_HEADER, required = false) String timestampHeader,
            HttpServletRequest request) throws IOException {
        TelnyxAccount account = tenants.credentials(tenantId, TelnyxAccount.BLOCK, TelnyxAccount.class);
        TelnyxSignature signature = TelnyxSignature.parse(signatureHeader, timestampHeader);
        signature.checkTimestamp(clock.instant());

        long limit = properties.maxBodySize().toBytes();
        LimitedInputStream.checkDeclaredLength(request.getContentLengthLong(), limit);
        byte[] body;
        try {
            body = new LimitedInputStream(request.getInputStream(), limit).readAllBytes();
        } catch (IOException e) {
            throw new MalformedWebhookException("The body could not be read completely.");
        }
        if (!signature.verifies(publicKey(tenantId, account), body)) {
            throw new UnauthenticatedWebhookException(TelnyxSignature.SIGNATURE_HEADER
                    + " does not verify with the public key of tenant '" + tenantId + "'.");
        }

        TelnyxWebhook webhook = parser.parse(body);
        return responder.answer(mapper.map(tenantId, webhook, clock.instant()),
                reason -> log.info("Telnyx webhook {} of tenant {} for call session {} ignored: {}",
                        webhook.get(TelnyxWebhook.EVENT_ID), tenantId, webhook.get(TelnyxWebhook.CALL_SESSION_ID),
                        reason));
    }

    private static PublicKey publicKey(String tenantId, TelnyxAccount account) {
        try {
            return TelnyxPublicKey.decode(account.publicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("callvault.tenants." + tenantId + ".telnyx.public-key is unusable: "
                    + e.getMessage());
        }
    }
}
