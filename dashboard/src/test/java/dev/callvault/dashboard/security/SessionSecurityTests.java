package dev.callvault.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The BFF's session, as a browser meets it: sign-in at {@code /dev-login} (local profile), the cookie's flags, CSRF
 * on every state-changing call, the security headers, and no token ever reaching the browser. The services are not
 * running here: a call that passes the BFF's checks answers 503 (service unreachable), which tells it passed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callvault.security.jwt.hmac-secret=test-dashboard-secret-0123456789abcdef",
        "callvault.dashboard.storage-url=http://127.0.0.1:9",
        "callvault.dashboard.playback-url=http://127.0.0.1:18084",
        "callvault.dashboard.audit-url=http://127.0.0.1:9"})
@ActiveProfiles("local")
class SessionSecurityTests {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String RECORDING = "/api/recordings/6f1c1e0a-4c1e-4b7e-9d3a-2f4b8e9a1c00";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Value("${local.server.port}")
    private int port;

    @Test
    void shouldSendAPageWithoutASessionToTheSignIn() throws Exception {
        // when a page is asked for without a session
        HttpResponse<String> page = get("/", null);

        // then the browser is sent to the sign-in
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dev-login"));
    }

    @Test
    void shouldAnswerTheApiWithoutASessionWithAProblem() throws Exception {
        // when the API is called without a session
        HttpResponse<String> me = get("/api/me", null);

        // then 401 as a problem detail, not a redirect
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(me.body()).contains("\"status\":401");
    }

    @Test
    void shouldSignInWithANewSecureHttpOnlySameSiteSessionCookie() throws Exception {
        // given the sign-in form, which starts a session for its CSRF token
        HttpResponse<String> form = get("/dev-login", null);
        String before = sessionCookie(form);

        // when the user signs in
        HttpResponse<String> signedIn = signIn(before, csrfField(form), "recordings:read");

        // then the session continues under a new id, in a cookie scripts cannot read and other sites cannot send
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("CALLVAULT_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(cookieValue(setCookie)).isNotEqualTo(before);
        // and the old id is no longer signed in
        assertThat(get("/api/me", before).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldTellTheAppWhoIsSignedInWithoutGivingItAToken() throws Exception {
        // given a signed-in session
        String session = signedIn("recordings:read", "audit:read");

        // when the app asks who is signed in
        HttpResponse<String> me = get("/api/me", session);

        // then it learns the user and its CSRF token, and nothing that looks like a JWT
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"tenantId\":\"demo\"").contains("\"subject\":\"dana\"")
                .contains("\"audit:read\"").contains("\"headerName\":\"X-CSRF-TOKEN\"").doesNotContain("eyJ");
        assertThat(me.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    @Test
    void shouldRefuseAStateChangingCallWithoutTheCsrfToken() throws Exception {
        // given a signed-in session and its CSRF token
        String session = signedIn("recordings:admin");
        String token = csrfToken(session);

        // when a legal hold is placed without the token (as a forged cross-site request would), and then with it
        HttpResponse<String> forged = send("PUT", RECORDING + "/legal-hold", session, null, "{\"reason\":\"x\"}");
        HttpResponse<String> genuine = send("PUT", RECORDING + "/legal-hold", session, token, "{\"reason\":\"x\"}");

        // then the forged one is refused at the BFF with a problem; the genuine one goes on to storage-service
        // (unreachable here: 503)
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(genuine.statusCode()).isEqualTo(503);
        assertThat(genuine.body()).contains("storage-service cannot be reached");
    }

    @Test
    void shouldRefuseASignOutWithoutTheCsrfToken() throws Exception {
        // given a signed-in session
        String session = signedIn("recordings:read");

        // when a cross-site form posts to /logout without the token
        HttpResponse<String> forged = send("POST", "/logout", session, null, null);

        // then the session stays signed in
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/api/me", session).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSendAContentSecurityPolicyThatAllowsOnlyTheDashboardAndThePlayerMedia() throws Exception {
        // when any page is served
        HttpResponse<String> page = get("/dev-login", null);

        // then scripts, styles and calls come only from the dashboard, media also from playback-service; no framing
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'self'").contains("script-src 'self'")
                .contains("media-src 'self' http://127.0.0.1:18084").contains("connect-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void shouldRefuseASignInWithoutScopesAndLeaveTheSessionSignedOut() throws Exception {
        // given the form
        HttpResponse<String> form = get("/dev-login", null);
        String session = sessionCookie(form);

        // when the form is posted without any scope
        HttpResponse<String> refused = post("/dev-login", session, "_csrf=" + enc(csrfField(form))
                + "&tenant=demo&subject=dana");

        // then 400, and nobody is signed in
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("at least one scope");
        assertThat(get("/api/me", session).statusCode()).isEqualTo(401);
    }

    private String signedIn(String... scopes) throws IOException, InterruptedException {
        HttpResponse<String> form = get("/dev-login", null);
        HttpResponse<String> signedIn = signIn(sessionCookie(form), csrfField(form), scopes);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        return sessionCookie(signedIn);
    }

    private HttpResponse<String> signIn(String session, String csrf, String... scopes)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("_csrf=" + enc(csrf) + "&tenant=demo&subject=dana");
        for (String scope : scopes) {
            body.append("&scope=").append(enc(scope));
        }
        return post("/dev-login", session, body.toString());
    }

    private String csrfToken(String session) throws IOException, InterruptedException {
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(get("/api/me", session).body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
        return send("GET", path, session, null, null);
    }

    private HttpResponse<String> post(String path, String session, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", "CALLVAULT_SESSION=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String session, String csrf, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (session != null) {
            request.header("Cookie", "CALLVAULT_SESSION=" + session);
        }
        if (csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String csrfField(HttpResponse<String> form) {
        Matcher field = CSRF_FIELD.matcher(form.body());
        assertThat(field.find()).as(form.body()).isTrue();
        return field.group(1);
    }

    private static String sessionCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith("CALLVAULT_SESSION=")).findFirst()
                .map(SessionSecurityTests::cookieValue).orElseThrow(() -> new AssertionError("no session cookie in "
                        + cookies));
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring("CALLVAULT_SESSION=".length(), setCookie.indexOf(';'));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
