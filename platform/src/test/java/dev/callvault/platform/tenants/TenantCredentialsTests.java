package dev.callvault.platform.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class TenantCredentialsTests {

    /** A provider's credentials as one service might bind them. */
    record Account(String accountSid, String authToken) {
    }

    /** Another service's view of the same block: only the field it needs. */
    record Token(String authToken) {
    }

    @Test
    void shouldListTenantsAndTheirProviderBlocksAndBindEachBlockIntoTheCallersType() {
        // given the contract's keys for two tenants, one with a partial account
        TenantCredentials tenants = TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.acme.twilio.account-sid", "AC0123",
                "callvault.tenants.acme.twilio.auth-token", "acme-token",
                "callvault.tenants.acme.elevenlabs.api-key", "xi-key",
                "callvault.tenants.globex.twilio.account-sid", "AC9999"));

        // then the tenants and their blocks are known, and each block binds into the type asked for
        assertThat(tenants.tenantIds()).containsExactly("acme", "globex");
        assertThat(tenants.providersOf("acme")).containsExactly("elevenlabs", "twilio");
        assertThat(tenants.of("acme", "twilio", Account.class)).contains(new Account("AC0123", "acme-token"));
        assertThat(tenants.of("acme", "twilio", Token.class)).contains(new Token("acme-token"));
        assertThat(tenants.of("globex", "twilio", Account.class)).contains(new Account("AC9999", null));
        assertThat(tenants.of("globex", "elevenlabs", Token.class)).isEmpty();
        assertThat(tenants.isConfigured("globex")).isTrue();
    }

    @Test
    void shouldAnswerEmptyForAnUnknownTenantWhateverItsIdLooksLike() {
        // given one tenant
        TenantCredentials tenants = TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.acme.twilio.auth-token", "acme-token"));

        // when ids from a request path are looked up, including ones that are no valid property names
        // then nothing is bound and nothing is thrown
        for (String id : new String[] {"nobody", "ACME", "acme.twilio", "a[0]", "", null}) {
            assertThat(tenants.of(id, "twilio", Token.class)).as(String.valueOf(id)).isEmpty();
            assertThat(tenants.isConfigured(id)).as(String.valueOf(id)).isFalse();
        }
        assertThat(tenants.of("acme", "Twilio", Token.class)).isEmpty();
    }

    @Test
    void shouldBindFromEnvironmentVariablesAsTheLauncherPassesThem() {
        // given environment variables in both spellings Spring Boot accepts
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "CALLVAULT_TENANTS_DEMO_TWILIO_ACCOUNTSID", "AC0000",
                        "CALLVAULT_TENANTS_DEMO_TWILIO_AUTH_TOKEN", "demo-token")));

        // when
        TenantCredentials tenants = new TenantCredentials(new Binder(ConfigurationPropertySources.get(environment)));

        // then
        assertThat(tenants.tenantIds()).containsExactly("demo");
        assertThat(tenants.of("demo", "twilio", Account.class)).contains(new Account("AC0000", "demo-token"));
    }

    @Test
    void shouldNeverShowACredentialInToString() {
        TenantCredentials tenants = TenantCredentials.fromProperties(Map.of(
                "callvault.tenants.acme.twilio.auth-token", "token-value"));

        assertThat(tenants.toString()).contains("acme").doesNotContain("token-value");
    }
}
