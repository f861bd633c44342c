package dev.callvault.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 14, item 10: a service started outside the {@code local} profile refuses to start with a credential that is
 * published in the repository, and says which property holds it without printing it.
 */
class WellKnownSecretsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withBean(WellKnownSecrets.class);

    @Test
    void shouldRefuseToStartWithTheRepositorysJwtSecretAndDatabasePasswordOutsideTheLocalProfile() {
        // given the local stack's JWT secret and database password, in a deployment without the local profile
        runner.withPropertyValues("callvault.security.jwt.hmac-secret=local-dev-jwt-secret-change-me-0123456789",
                        "spring.datasource.password=callvault", "spring.datasource.username=callvault")
                // when the service starts
                .run(context -> {
                    // then it fails, naming both properties but neither value
                    assertThat(context).hasFailed();
                    String message = context.getStartupFailure().getMessage();
                    assertThat(message).contains("callvault.security.jwt.hmac-secret", "spring.datasource.password")
                            .doesNotContain("local-dev-jwt-secret", "spring.datasource.username");
                });
    }

    @Test
    void shouldRefuseAPublishedSecretGivenAsAnEnvironmentVariable() {
        // given the demo tenant's Twilio auth token, spelled as the container's variable
        runner.withSystemProperties("CALLVAULT_TENANTS_DEMO_TWILIO_AUTHTOKEN=demo-twilio-token")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void shouldRefuseThePublishedPasswordsOfTheServicesOwnDatabaseRoles() {
        // given audit-service's local role and migration owner (issue 14, item 17), outside the local profile
        runner.withPropertyValues("spring.datasource.password=callvault_audit",
                        "spring.flyway.password=callvault_audit_owner")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure().getMessage())
                            .contains("spring.datasource.password", "spring.flyway.password");
                });
    }

    @Test
    void shouldRefuseTheDemoTenantsTelnyxKeysOutsideTheLocalProfile() {
        // given a deployment that kept the demo tenant's Telnyx webhook public key, whose private half is published
        // in the repository (anyone could sign webhooks it accepts), and its API key
        runner.withPropertyValues("callvault.tenants.acme.telnyx.public-key=mAcL4w/rWVdh05i0D8kgl+SLJbsURc/IKpD3bQHCvdE=",
                        "callvault.tenants.acme.telnyx.api-key=demo-telnyx-key")
                // when the service starts
                .run(context -> {
                    // then it fails, naming both properties
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure().getMessage()).contains(
                            "callvault.tenants.acme.telnyx.public-key", "callvault.tenants.acme.telnyx.api-key");
                });
    }

    @Test
    void shouldStartWithThePublishedSecretsInTheLocalProfile() {
        // given the local stack's secrets and the local profile
        runner.withPropertyValues("spring.profiles.active=local",
                        "callvault.security.jwt.hmac-secret=local-dev-jwt-secret-change-me-0123456789",
                        "callvault.storage.s3.secret-key=callvault-local-secret")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void shouldStartWithSecretsOfItsOwn() {
        // given real secrets and no profile
        runner.withPropertyValues("callvault.security.jwt.hmac-secret=9b1f0c7e5d3a4e8f9b1f0c7e5d3a4e8f",
                        "spring.datasource.password=s3cr3t-of-this-deployment",
                        "callvault.storage.bucket=callvault")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
