package dev.callvault.ingest.webhook;

import dev.callvault.ingest.IngestProperties;
import dev.callvault.platform.kafka.PublishFailedException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the service as an RFC 9457 problem detail ({@code application/problem+json}): webhook rejections
 * (400, 401, 404, 413), publishing failures (503 with {@code Retry-After}, so the provider retries), Spring MVC's own
 * errors (405, 415, ...) and anything unexpected (500). 5xx are logged with their stack trace, 4xx as one line;
 * details never carry secrets or signatures.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final IngestProperties properties;

    ProblemDetailsAdvice(IngestProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejectedException e, HttpServletRequest request) {
        log.warn("{} {} rejected with {}: {}", request.getMethod(), request.getRequestURI(), e.status().value(),
                e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(PublishFailedException.class)
    ResponseEntity<ProblemDetail> publishFailed(PublishFailedException e, HttpServletRequest request) {
        log.error("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The event could not be published durably; deliver the webhook again later.");
        problem.setTitle("Event not published");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The webhook could not be processed.");
        problem.setTitle("Internal error");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("{} answered {}", request.getDescription(false), statusCode.value(), e);
        } else {
            log.warn("{} answered {}: {}", request.getDescription(false), statusCode.value(), e.getMessage());
        }
        return super.handleExceptionInternal(e, body, headers, statusCode, request);
    }
}
