package dev.callvault.ingest.twilio;

import dev.callvault.ingest.IngestProperties;
import dev.callvault.ingest.tenants.TenantDirectory;
import dev.callvault.ingest.webhook.LimitedInputStream;
import dev.callvault.ingest.webhook.MalformedWebhookException;
import dev.callvault.ingest.webhook.UnauthenticatedWebhookException;
import dev.callvault.ingest.webhook.WebhookResponder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/twilio/{tenantId}/recording-status}: Twilio's recording status callback, form-encoded.
 *
 * <p>The body is read here from the raw input stream, bounded by {@code callvault.ingest.max-body-size}, and decoded
 * with Spring's {@link FormHttpMessageConverter}; the servlet container's own parameter parsing is never triggered.
 * So the signature covers exactly the POST parameters (not query parameters), and an oversize form is refused with
 * 413 instead of being silently truncated.
 */
@RestController
class TwilioRecordingStatusController {

    private static final Logger log = LoggerFactory.getLogger(TwilioRecordingStatusController.class);

    private final TenantDirectory tenants;
    private final TwilioSignatureVerifier signatures;
    private final TwilioRecordingStatusMapper mapper;
    private final WebhookResponder responder;
    private final IngestProperties properties;
    private final Clock clock;
    private final FormHttpMessageConverter forms = new FormHttpMessageConverter();

    TwilioRecordingStatusController(TenantDirectory tenants, TwilioSignatureVerifier signatures,
            TwilioRecordingStatusMapper mapper, WebhookResponder responder, IngestProperties properties,
            Clock clock) {
        this.tenants = tenants;
        this.signatures = signatures;
        this.mapper = mapper;
        this.responder = responder;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(path = "/webhooks/twilio/{tenantId}/recording-status",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> recordingStatus(@PathVariable String tenantId,
            @RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
            HttpServletRequest request) throws IOException {
        TwilioAccount account = tenants.credentials(tenantId, TwilioAccount.BLOCK, TwilioAccount.class);
        Map<String, String> params = readForm(request);
        if (signature == null || signature.isBlank()) {
            throw new UnauthenticatedWebhookException("The X-Twilio-Signature header is missing.");
        }
        String url = properties.publicUrl(request.getRequestURI(), request.getQueryString());
        if (!signatures.isValid(account.authToken(), url, params, signature)) {
            throw new UnauthenticatedWebhookException("X-Twilio-Signature does not match the request for tenant '"
                    + tenantId + "'.");
        }
        return responder.answer(mapper.map(tenantId, account.accountSid(), params, clock.instant()),
                reason -> log.info("Twilio callback of tenant {} for recording {} ignored: {}", tenantId,
                        params.get("RecordingSid"), reason));
    }

    private Map<String, String> readForm(HttpServletRequest request) throws IOException {
        long limit = properties.maxBodySize().toBytes();
        LimitedInputStream.checkDeclaredLength(request.getContentLengthLong(), limit);
        byte[] body;
        try (LimitedInputStream in = new LimitedInputStream(request.getInputStream(), limit)) {
            body = in.readAllBytes();
        }
        MultiValueMap<String, String> form;
        try {
            form = forms.read(null, new BodyMessage(body, request.getContentType()));
        } catch (IllegalArgumentException | HttpMessageNotReadableException e) {
            throw new MalformedWebhookException("The form body is not valid application/x-www-form-urlencoded.");
        }
        Map<String, String> params = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : form.entrySet()) {
            if (entry.getValue().size() != 1) {
                throw new MalformedWebhookException("Form parameter '" + entry.getKey() + "' appears more than once.");
            }
            params.put(entry.getKey(), entry.getValue().getFirst() == null ? "" : entry.getValue().getFirst());
        }
        return params;
    }

    private record BodyMessage(byte[] body, String contentType) implements HttpInputMessage {

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            try {
                headers.setContentType(MediaType.parseMediaType(contentType));
            } catch (RuntimeException e) {
                headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
            }
            return headers;
        }
    }
}
