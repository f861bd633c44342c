package dev.callvault.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every HTTP error of a dashboard-facing service as an RFC 9457 problem detail ({@code application/problem+json}):
 * Spring MVC's own exceptions (type mismatches, failed validation, unknown routes...) through
 * {@link ResponseEntityExceptionHandler}, the features' {@code ErrorResponseException}s, 401/403 from the security
 * filter chain (rendered here by {@code ProblemDetailSecurityHandlers}), and a 500 for anything unexpected. 5xx are
 * logged with their stack trace, 4xx in one line without it.
 *
 * <p>An exception after the response was committed (object storage failing in the middle of a stream) cannot become a
 * problem detail any more: it is rethrown so that the container aborts the connection and the client sees a
 * truncated body instead of a silently short one.
 *
 * <p>Auto-configured for servlet applications with Spring Security unless the application declares its own
 * {@link ResponseEntityExceptionHandler}; an application may extend it for exceptions of its own.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /**
     * @param exception the authentication failure
     * @param request   the request
     * @return 401 problem detail
     */
    @ExceptionHandler(AuthenticationException.class)
    public ResponseEntity<Object> handleAuthentication(AuthenticationException exception, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "A valid bearer token is required");
        problem.setTitle("Unauthorized");
        return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.UNAUTHORIZED, request);
    }

    /**
     * @param exception the authorization failure
     * @param request   the request
     * @return 403 problem detail
     */
    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Object> handleAccessDenied(AccessDeniedException exception, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "The token lacks the scope this request needs");
        problem.setTitle("Forbidden");
        return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.FORBIDDEN, request);
    }

    /**
     * @param exception anything no other handler answers
     * @param request   the request
     * @return 500 problem detail that reveals nothing of the cause
     * @throws Exception the exception itself when the response is already committed
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception exception, WebRequest request) throws Exception {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletResponse response = servlet.getResponse();
            if (response != null && response.isCommitted()) {
                log.warn("{} failed after the response was committed; aborting the connection: {}",
                        request.getDescription(false), exception.toString());
                throw exception;
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed");
        return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("{} answered {}", request.getDescription(false), statusCode.value(), exception);
        } else {
            log.info("{} answered {}: {}", request.getDescription(false), statusCode.value(), exception.getMessage());
        }
        return super.handleExceptionInternal(exception, body, headers, statusCode, request);
    }
}
