package dev.callvault.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callvault.dashboard.DashboardApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard signs users in one way: {@code /dev-login} only with the local profile, otherwise an OpenID Connect
 * client; a dashboard configured with neither, or with {@code dev-login} outside the local profile, does not start.
 */
class SignInConfigurationTests {

    private static final String[] SERVICES = {"--callvault.dashboard.storage-url=http://127.0.0.1:9",
            "--callvault.dashboard.playback-url=http://127.0.0.1:9", "--callvault.dashboard.audit-url=http://127.0.0.1:9",
            "--server.port=0", "--management.server.port=", "--spring.main.banner-mode=off"};

    @Test
    void shouldRefuseToStartWithDevLoginOutsideTheLocalProfile() {
        // when dev-login is switched on in another profile (an operator copying the local settings to production)
        Throwable failure = startFailure("--callvault.dashboard.dev-login=true",
                "--callvault.security.jwt.hmac-secret=test-dashboard-secret-0123456789abcdef");

        // then the dashboard does not start, and says why
        assertThat(failure).hasStackTraceContaining("runs only with the local profile");
    }

    @Test
    void shouldRefuseToStartWithoutAnyWayToSignIn() {
        // when neither dev-login nor an OpenID Connect client is configured
        Throwable failure = startFailure();

        // then it does not start
        assertThat(failure).hasStackTraceContaining("No sign-in configured");
    }

    @Test
    void shouldStartWithAnOpenIdConnectClientAndOfferNoDevLogin() {
        // when an OpenID Connect client is configured (endpoints given, so no discovery at start-up)
        try (ConfigurableApplicationContext context = start(
                "--spring.security.oauth2.client.registration.callvault.client-id=dashboard",
                "--spring.security.oauth2.client.registration.callvault.client-secret=s",
                "--spring.security.oauth2.client.registration.callvault.authorization-grant-type=authorization_code",
                "--spring.security.oauth2.client.registration.callvault.scope=openid,recordings:read",
                "--spring.security.oauth2.client.registration.callvault.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                "--spring.security.oauth2.client.provider.callvault.authorization-uri=https://idp.example/authorize",
                "--spring.security.oauth2.client.provider.callvault.token-uri=https://idp.example/token",
                "--spring.security.oauth2.client.provider.callvault.jwk-set-uri=https://idp.example/jwks",
                "--spring.security.oauth2.client.provider.callvault.user-name-attribute=sub")) {
            // then it runs with the OpenID Connect tokens and without the dev sign-in
            assertThat(context.getBean(BackendTokens.class)).isInstanceOf(OidcTokens.class);
            assertThat(context.getBeansOfType(DevLoginController.class)).isEmpty();
        }
    }

    private static Throwable startFailure(String... arguments) {
        try (ConfigurableApplicationContext context = start(arguments)) {
            throw new AssertionError("the dashboard started");
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        String[] all = new String[SERVICES.length + arguments.length];
        System.arraycopy(SERVICES, 0, all, 0, SERVICES.length);
        System.arraycopy(arguments, 0, all, SERVICES.length, arguments.length);
        return new SpringApplicationBuilder(DashboardApplication.class).web(WebApplicationType.SERVLET).run(all);
    }
}
