package dev.callvault.ingest.elevenlabs;

import dev.callvault.ingest.IngestProperties;
import dev.callvault.ingest.tenants.TenantDirectory;
import dev.callvault.ingest.webhook.BodyTooLargeException;
import dev.callvault.ingest.webhook.LimitedInputStream;
import dev.callvault.ingest.webhook.MacInputStream;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import dev.callvault.ingest.webhook.WebhookResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/elevenlabs/{tenantId}/post-call}: ElevenLabs post-call webhooks (JSON).
 *
 * <p>The header's timestamp is checked first; then the body streams once through the size limit, the HMAC and the
 * streaming parser, and is drained to its end so the HMAC covers all of it. Only when the signature matches is the
 * parse result (or parse failure) acted upon: an unauthenticated caller learns nothing about its body but 401. A
 * {@code post_call_audio} body may be up to {@code callvault.ingest.max-audio-body-size} and is never held in memory;
 * every other type is held to {@code callvault.ingest.max-body-size} as soon as its {@code type} is read.
 */
@RestController
class ElevenLabsPostCallController {

    private static final Logger log = LoggerFactory.getLogger(ElevenLabsPostCallController.class);

    private final TenantDirectory tenants;
    private final PostCallWebhookParser parser;
    private final ElevenLabsPostCallMapper mapper;
    private final WebhookResponder responder;
    private final IngestProperties properties;
    private final Clock clock;

    ElevenLabsPostCallController(TenantDirectory tenants, PostCallWebhookParser parser,
            ElevenLabsPostCallMapper mapper, WebhookResponder responder, IngestProperties properties, Clock clock) {
        this.tenants = tenants;
        this.parser = parser;
        this.mapper = mapper;
        this.responder = responder;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/webhooks/elevenlabs/{tenantId}/post-call")
    ResponseEntity<Object> postCall(@PathVariable String tenantId,
            @RequestHeader(name = "ElevenLabs-Signature", required = false) String signatureHeader,
            HttpServletRequest request) throws IOException {
        ElevenLabsAccount account = tenants.credentials(tenantId, ElevenLabsAccount.BLOCK, ElevenLabsAccount.class);
        ElevenLabsSignature signature = ElevenLabsSignature.parse(signatureHeader);
        signature.checkTimestamp(clock.instant(), properties.signatureMaxAge(), properties.signatureMaxFutureSkew());

        long parseLimit = properties.maxBodySize().toBytes();
        long audioLimit = Math.max(parseLimit, properties.maxAudioBodySize().toBytes());
        LimitedInputStream.checkDeclaredLength(request.getContentLengthLong(), audioLimit);
        LimitedInputStream limited = new LimitedInputStream(request.getInputStream(), audioLimit);
        MacInputStream body = new MacInputStream(limited, signature.startMac(account.webhookSecret()));

        PostCallWebhook webhook = null;
        MalformedWebhookException malformed = null;
        try {
            webhook = parser.parse(body, type -> {
                if (!PostCallWebhook.POST_CALL_AUDIO.equals(type)) {
                    limited.restrictTo(parseLimit);
                }
            });
        } catch (MalformedWebhookException e) {
            malformed = e;
        }
        try {
            body.drain();
        } catch (IOException e) {
            throw new MalformedWebhookException("The body could not be read completely.");
        }
        if (!signature.matches(body.doFinal())) {
            throw new UnauthenticatedWebhookException("ElevenLabs-Signature does not match the request for tenant '"
                    + tenantId + "'.");
        }
        if (malformed != null) {
            throw malformed;
        }
        if (!PostCallWebhook.POST_CALL_AUDIO.equals(webhook.type()) && limited.count() > parseLimit) {
            throw new BodyTooLargeException(parseLimit);
        }

        PostCallWebhook parsed = webhook;
        return responder.answer(mapper.map(tenantId, webhook, clock.instant()),
                reason -> log.info("ElevenLabs webhook of tenant {} for conversation {} ({} bytes) ignored: {}",
                        tenantId, parsed.conversationId(), limited.count(), reason));
    }
}
