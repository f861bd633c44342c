package dev.callvault.platform.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

class TenantsPropertiesTests {

    @Test
    void shouldBindTheContractKeysAndAnswerOnlyCompleteCredentials() {
        // given the contract's keys for two tenants, one with a partial Twilio account
        var source = new MapConfigurationPropertySource(Map.of(
                "callvault.tenants.acme.twilio.account-sid", "AC0123",
                "callvault.tenants.acme.twilio.auth-token", "acme-token",
                "callvault.tenants.acme.elevenlabs.api-key", "xi-key",
                "callvault.tenants.acme.elevenlabs.webhook-secret", "wh-secret",
                "callvault.tenants.globex.twilio.account-sid", "AC9999"));

        // when
        TenantsProperties tenants = new Binder(source).bind("callvault", TenantsProperties.class).get();

        // then
        assertThat(tenants.twilio("acme")).hasValueSatisfying(twilio -> {
            assertThat(twilio.accountSid()).isEqualTo("AC0123");
            assertThat(twilio.authToken()).isEqualTo("acme-token");
        });
        assertThat(tenants.elevenLabsApiKey("acme")).contains("xi-key");
        assertThat(tenants.elevenLabsWebhookSecret("acme")).contains("wh-secret");
        assertThat(tenants.twilio("globex")).isEmpty();
        assertThat(tenants.tenant("globex")).isPresent();
        assertThat(tenants.tenant("nobody")).isEmpty();
        assertThat(tenants.elevenLabsApiKey("globex")).isEmpty();
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
        TenantsProperties tenants = new Binder(ConfigurationPropertySources.get(environment))
                .bind("callvault", TenantsProperties.class).get();

        // then
        assertThat(tenants.twilio("demo")).hasValueSatisfying(twilio -> {
            assertThat(twilio.accountSid()).isEqualTo("AC0000");
            assertThat(twilio.authToken()).isEqualTo("demo-token");
        });
    }

    @Test
    void shouldNeverShowASecretInToString() {
        var tenant = new TenantsProperties.Tenant(new TenantsProperties.Twilio("AC1", "token-value"),
                new TenantsProperties.ElevenLabs("key-value", "secret-value"),
                new TenantsProperties.Vapi("vapi-key-value", null));

        String text = tenant.toString() + new TenantsProperties(Map.of("acme", tenant));

        assertThat(text).doesNotContain("token-value", "key-value", "secret-value", "vapi-key-value").contains("AC1");
    }
}
