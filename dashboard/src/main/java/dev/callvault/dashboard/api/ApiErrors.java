package dev.callvault.dashboard.api;

import dev.callvault.dashboard.backend.Backends.BackendUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The API's own errors as RFC 9457 problem details; Spring MVC's (bad parameters, unknown paths) likewise. */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(BackendUnavailableException.class)
    ProblemDetail unavailable(BackendUnavailableException e) {
        log.warn("{}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e.service().displayName() + " cannot be reached; try again shortly");
        problem.setTitle("Service unavailable");
        return problem;
    }

    @ExceptionHandler(InsufficientAuthenticationException.class)
    ProblemDetail signInAgain(InsufficientAuthenticationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setTitle("Sign in again");
        return problem;
    }
}
