package dev.callvault.dashboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The local stack's sign-in: {@code GET /dev-login} is a plain HTML form (tenant, subject, scopes) and
 * {@code POST /dev-login} signs the session in as that user, with a new session id (against session fixation) and a
 * new CSRF token. It exists only when {@code callvault.dashboard.dev-login} is on, which only the {@code local}
 * profile may set ({@link SecurityConfiguration}); anywhere else {@code /dev-login} answers 404.
 */
@RestController
@ConditionalOnBooleanProperty("callvault.dashboard.dev-login")
class DevLoginController {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern SUBJECT = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,128}");
    private static final List<String> SCOPES = List.of("recordings:read", "recordings:write", "recordings:admin",
            "audit:read");

    private final HttpSessionSecurityContextRepository contexts;
    private final CsrfTokenRepository csrfTokens;

    DevLoginController(HttpSessionSecurityContextRepository contexts, CsrfTokenRepository csrfTokens) {
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
    }

    @GetMapping(path = "/dev-login", produces = MediaType.TEXT_HTML_VALUE)
    String form(CsrfToken csrf) {
        return page(csrf, null);
    }

    @PostMapping(path = "/dev-login", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> signIn(@RequestParam(defaultValue = "") String tenant,
            @RequestParam(defaultValue = "") String subject, @RequestParam(required = false) List<String> scope,
            HttpServletRequest request, HttpServletResponse response, CsrfToken csrf) {
        Set<String> scopes = new LinkedHashSet<>(scope == null ? List.of() : scope);
        if (!TENANT.matcher(tenant).matches() || !SUBJECT.matcher(subject).matches()
                || !SCOPES.containsAll(scopes) || scopes.isEmpty()) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_HTML)
                    .body(page(csrf, "Give a tenant (letters, digits, - and _), a subject and at least one scope."));
        }
        DashboardUser user = new DashboardUser(tenant, subject, scopes);
        request.getSession(true);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                scopes.stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        csrfTokens.saveToken(null, request, response);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/").build();
    }

    private static String page(CsrfToken csrf, String error) {
        StringBuilder scopes = new StringBuilder();
        for (String scope : SCOPES) {
            String id = "scope-" + scope.replace(':', '-');
            scopes.append("<div><input type=\"checkbox\" name=\"scope\" id=\"").append(id).append("\" value=\"")
                    .append(scope).append("\" checked><label for=\"").append(id).append("\">").append(scope)
                    .append("</label></div>");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in (local stack) - CallVault</title><link rel="stylesheet" href="/app.css"></head>
                <body><main class="signin"><h1>CallVault</h1>
                <p>Development sign-in of the local stack. Production signs in through your identity provider.</p>
                %s
                <form method="post" action="/dev-login">
                <input type="hidden" name="%s" value="%s">
                <label for="tenant">Tenant</label><input id="tenant" name="tenant" value="demo" required>
                <label for="subject">Subject (you)</label><input id="subject" name="subject" value="dev-user" required>
                <fieldset><legend>Scopes</legend>%s</fieldset>
                <button type="submit">Sign in</button>
                </form></main></body></html>
                """.formatted(error == null ? "" : "<p role=\"alert\" class=\"error\">" + HtmlUtils.htmlEscape(error)
                        + "</p>", HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()),
                scopes);
    }
}
