package dev.callvault.platform.secrets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Refuses to start a service whose credentials are the ones published in this repository (the local stack's
 * defaults: {@code deploy/local} {@code LocalDefaults}, {@code docker-compose.yml}, the Kubernetes {@code local}
 * overlay, the services' {@code application.yml} database password), unless the Spring profile {@value #PROFILE} is
 * active. Anyone can read those values, so a deployment that kept one by mistake would accept forged webhooks,
 * dashboard tokens or signed URLs, or hand out its database.
 *
 * <p>Every property of every enumerable property source whose name looks like a credential (it contains
 * {@code secret}, {@code password}, {@code token}, {@code api-key}/{@code apikey}, {@code access-key}/{@code accesskey},
 * {@code signing-keys}/{@code signingkeys} or {@code public-key}/{@code publickey}, in any case) is compared with the
 * published values. A public key is no secret, but one whose private half is published (the demo tenant's Telnyx
 * webhook key) verifies signatures anyone can make. The failure names
 * the properties, never their values.
 */
public class WellKnownSecrets implements InitializingBean {

    /** The profile of the local stack and of the tests, in which the published values are expected. */
    public static final String PROFILE = "local";

    /** The credentials published in the repository. */
    static final Set<String> PUBLISHED = Set.of(
            "local-dev-jwt-secret-change-me-0123456789",
            "local-dev-signing-key-change-me-0123456789",
            "callvault-local-secret",
            "callvault-local-key:wSBo0h3Kfb8yDHAeJ1qZOaD8M9uYrk4ibxQmFmTGMpg=",
            "demo-twilio-token",
            "demo-elevenlabs-key",
            "demo-elevenlabs-secret",
            "demo-vapi-key",
            "demo-vapi-secret",
            "demo-telnyx-key",
            // the demo tenant's Telnyx webhook public key: its private half is published, so it verifies forgeries
            "mAcL4w/rWVdh05i0D8kgl+SLJbsURc/IKpD3bQHCvdE=",
            "callvault",
            "callvault_audit",
            "callvault_audit_owner",
            "callvault_storage",
            "callvault_playback");

    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i).*(secret|password|token|api-?key|access-?key|signing-?keys|public-?key).*");

    private final ConfigurableEnvironment environment;

    /**
     * @param environment the application's environment
     */
    public WellKnownSecrets(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    /**
     * @throws IllegalStateException naming the properties that hold a published credential, outside the
     *                               {@value #PROFILE} profile
     */
    @Override
    public void afterPropertiesSet() {
        if (Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            return;
        }
        List<String> offending = offending();
        if (!offending.isEmpty()) {
            throw new IllegalStateException("refusing to start with credentials published in the CallVault "
                    + "repository (the local stack's defaults) in " + String.join(", ", offending)
                    + ": set real secrets, or activate the Spring profile '" + PROFILE + "' on a local machine");
        }
    }

    /** @return the names of the properties that hold a published credential, sorted */
    List<String> offending() {
        Set<String> names = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (CREDENTIAL_NAME.matcher(name).matches()) {
                        Object value = enumerable.getProperty(name);
                        if (value != null && PUBLISHED.contains(value.toString().trim())) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }
}
