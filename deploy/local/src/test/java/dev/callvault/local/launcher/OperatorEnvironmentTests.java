package dev.callvault.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The operator's environment wins over the launcher's defaults, whatever spelling of a variable Spring Boot binds.
 * Bindings are checked with Spring Boot's own {@link Binder} over a {@link SystemEnvironmentPropertySource}, as a
 * service reads its environment.
 */
class OperatorEnvironmentTests {

    private static final String TWILIO_BASE_URL = "callvault.providers.twilio.api-base-url";

    @TempDir
    Path home;

    @Test
    void shouldBindBothSpellingsOfAVariableToTheSameProperty() {
        // given the variable in the canonical and in the underscored spelling
        Map<String, Object> canonical = Map.of("CALLVAULT_PROVIDERS_TWILIO_APIBASEURL", "https://canonical.example");
        Map<String, Object> underscored = Map.of("CALLVAULT_PROVIDERS_TWILIO_API_BASE_URL", "https://underscored.example");

        // when Spring Boot binds the property from each
        // then both reach it
        assertThat(bind(canonical, TWILIO_BASE_URL)).isEqualTo("https://canonical.example");
        assertThat(bind(underscored, TWILIO_BASE_URL)).isEqualTo("https://underscored.example");
    }

    @Test
    void shouldPreferTheCanonicalSpellingWhenBothAreSetWhichIsWhyDefaultsMustStepAside() {
        // given both spellings with different values
        Map<String, Object> both = Map.of("CALLVAULT_PROVIDERS_TWILIO_APIBASEURL", "https://launcher-default.example",
                "CALLVAULT_PROVIDERS_TWILIO_API_BASE_URL", "https://operator.example");

        // when Spring Boot binds the property
        // then the canonical spelling wins: a default set in it would beat the operator's underscored variable
        assertThat(bind(both, TWILIO_BASE_URL)).isEqualTo("https://launcher-default.example");
    }

    @Test
    void shouldLeaveAServicePropertyToTheOperatorInEitherSpelling() {
        // given an operator who points Twilio at the real API, in the underscored spelling
        StackSettings settings = TestStacks.settings(home,
                Map.of("CALLVAULT_PROVIDERS_TWILIO_API_BASE_URL", "https://api.twilio.com"));
        LocalStack stack = new LocalStack(settings, System.out);

        // when the fetch worker's environment is computed
        Map<String, String> environment = stack.serviceEnvironment(LocalService.FETCH_WORKER);

        // then the launcher's default for that property is absent, and the service binds the operator's value
        assertThat(environment).doesNotContainKey("CALLVAULT_PROVIDERS_TWILIO_APIBASEURL");
        assertThat(bind(new HashMap<>(environment), TWILIO_BASE_URL)).isEqualTo("https://api.twilio.com");
        assertThat(bind(new HashMap<>(environment), "callvault.providers.elevenlabs.api-base-url"))
                .isEqualTo("http://127.0.0.1:" + settings.simulatorPort());
    }

    @Test
    void shouldGiveEachServiceItsPortAndItsOwnDatabase() {
        // given the local defaults
        StackSettings settings = TestStacks.settings(home, Map.of());
        LocalStack stack = new LocalStack(settings, System.out);

        // when the environments of storage-service and ingest-service are computed
        Map<String, String> storage = stack.serviceEnvironment(LocalService.STORAGE);
        Map<String, String> ingest = stack.serviceEnvironment(LocalService.INGEST);

        // then storage has its database, ingest none, and each its port; secrets come as variables, not arguments
        assertThat(bind(new HashMap<>(storage), "spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/storage");
        assertThat(bind(new HashMap<>(storage), "server.port"))
                .isEqualTo(String.valueOf(settings.servicePorts().get(LocalService.STORAGE)));
        assertThat(bind(new HashMap<>(storage), "callvault.security.jwt.hmac-secret")).isEqualTo(LocalDefaults.JWT_SECRET);
        assertThat(ingest).doesNotContainKey("SPRING_DATASOURCE_URL");
        assertThat(bind(new HashMap<>(ingest), "callvault.ingest.public-base-url"))
                .isEqualTo("http://127.0.0.1:" + settings.servicePorts().get(LocalService.INGEST));
        assertThat(bind(new HashMap<>(ingest), "callvault.tenants.demo.twilio.account-sid"))
                .isEqualTo(LocalDefaults.TWILIO_ACCOUNT_SID);
    }

    @Test
    void shouldBindEveryServiceToLoopbackInTheLocalProfileUnlessTheOperatorSaysOtherwise() {
        // given the local defaults, and an operator who wants the stack reachable from the network
        LocalStack defaults = new LocalStack(TestStacks.settings(home, Map.of()), System.out);
        LocalStack exposed = new LocalStack(TestStacks.settings(home,
                Map.of("CALLVAULT_LOCAL_BIND_ADDRESS", "0.0.0.0")), System.out);

        // when the services' environments are computed
        for (LocalService service : LocalService.values()) {
            Map<String, String> environment = defaults.serviceEnvironment(service);

            // then each listens on 127.0.0.1 only, in the profile that accepts the published local secrets
            assertThat(bind(new HashMap<>(environment), "server.address")).as(service.name()).isEqualTo("127.0.0.1");
            assertThat(bind(new HashMap<>(environment), "spring.profiles.active")).as(service.name())
                    .isEqualTo(LocalStack.LOCAL_PROFILE);
            assertThat(bind(new HashMap<>(exposed.serviceEnvironment(service)), "server.address"))
                    .as(service.name()).isEqualTo("0.0.0.0");
        }
    }

    private static String bind(Map<String, Object> environment, String property) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", environment));
        return new Binder(ConfigurationPropertySources.from(sources)).bind(property, String.class).orElse(null);
    }
}
