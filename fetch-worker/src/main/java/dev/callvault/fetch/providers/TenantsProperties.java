package dev.callvault.fetch.providers;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provider credentials per tenant, {@code callvault.tenants.<tenantId>.*} (contract keys). Keys the worker does not
 * use (webhook secrets, Vapi) are ignored. {@link #toString()} never shows a secret.
 *
 * @param tenants credentials by tenant id
 */
@ConfigurationProperties("callvault")
public record TenantsProperties(@DefaultValue Map<String, Tenant> tenants) {

    /**
     * @param tenantId a tenant id
     * @return the tenant's Twilio account, if configured with both sid and token
     */
    public Optional<Twilio> twilio(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId)).map(Tenant::twilio)
                .filter(twilio -> hasText(twilio.accountSid()) && hasText(twilio.authToken()));
    }

    /**
     * @param tenantId a tenant id
     * @return the tenant's ElevenLabs account, if configured with an API key
     */
    public Optional<ElevenLabs> elevenlabs(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId)).map(Tenant::elevenlabs)
                .filter(elevenlabs -> hasText(elevenlabs.apiKey()));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "TenantsProperties[tenants=" + tenants.keySet() + "]";
    }

    /**
     * One tenant's provider accounts.
     *
     * @param twilio     Twilio account, or {@code null}
     * @param elevenlabs ElevenLabs account, or {@code null}
     */
    public record Tenant(Twilio twilio, ElevenLabs elevenlabs) {
    }

    /**
     * A Twilio account ({@code callvault.tenants.<id>.twilio.account-sid}, {@code .auth-token}).
     *
     * @param accountSid the {@code AC...} account sid
     * @param authToken  the auth token (secret)
     */
    public record Twilio(String accountSid, String authToken) {

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=***]";
        }
    }

    /**
     * An ElevenLabs account ({@code callvault.tenants.<id>.elevenlabs.api-key}).
     *
     * @param apiKey the {@code xi-api-key} (secret)
     */
    public record ElevenLabs(String apiKey) {

        @Override
        public String toString() {
            return "ElevenLabs[apiKey=***]";
        }
    }
}
