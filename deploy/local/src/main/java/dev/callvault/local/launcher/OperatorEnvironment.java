package dev.callvault.local.launcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment the operator started the launcher with, and the rule that it wins over the launcher's defaults.
 *
 * <p>Spring Boot binds a property from more than one spelling of a variable ({@code callvault.providers.twilio.api-base-url}
 * from {@code CALLVAULT_PROVIDERS_TWILIO_APIBASEURL} and from {@code CALLVAULT_PROVIDERS_TWILIO_API_BASE_URL}; Spring
 * Boot reference, "Binding From Environment Variables"), and when both are set it prefers the first. So a default is
 * dropped when the operator set the same property in any spelling: names are compared with underscores and dashes
 * removed, ignoring case.
 */
public final class OperatorEnvironment {

    private final Map<String, String> variables;
    private final Map<String, String> byCanonicalName = new LinkedHashMap<>();

    /**
     * @param variables the operator's environment, e.g. {@link System#getenv()}
     */
    public OperatorEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
        variables.forEach((name, value) -> byCanonicalName.put(canonical(name), value));
    }

    /** @return the environment of this JVM */
    public static OperatorEnvironment current() {
        return new OperatorEnvironment(System.getenv());
    }

    /**
     * @param name a variable name, exactly as spelled
     * @return its value, if set
     */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /**
     * @param property a Spring property, e.g. {@code callvault.ingest.public-base-url}
     * @return the operator's value for it in any environment spelling, if set
     */
    public Optional<String> property(String property) {
        return Optional.ofNullable(byCanonicalName.get(canonical(property)));
    }

    /**
     * @param property     a Spring property
     * @param defaultValue the launcher's default
     * @return the operator's value if set, else the default
     */
    public String property(String property, String defaultValue) {
        return property(property).orElse(defaultValue);
    }

    /**
     * Turns the launcher's defaults into the variables a child process gets on top of the inherited environment:
     * each default property becomes its canonical variable, unless the operator set that property (in any spelling),
     * in which case the inherited variable stays the only one.
     *
     * @param defaults Spring properties and their local defaults
     * @return environment variables to add
     */
    public Map<String, String> defaultsNotOverridden(Map<String, String> defaults) {
        Map<String, String> environment = new LinkedHashMap<>();
        defaults.forEach((property, value) -> {
            if (property(property).isEmpty()) {
                environment.put(ServiceProcess.environmentName(property), value);
            }
        });
        return environment;
    }

    /**
     * The full environment of a child process: the operator's variables, plus each default property as its canonical
     * variable unless the operator set that property in any spelling ({@link #defaultsNotOverridden}).
     *
     * @param defaults Spring properties and their local defaults
     * @return the variables of the child process
     */
    public Map<String, String> childEnvironment(Map<String, String> defaults) {
        Map<String, String> environment = new LinkedHashMap<>(variables);
        environment.putAll(defaultsNotOverridden(defaults));
        return environment;
    }

    private static String canonical(String name) {
        return name.replace("_", "").replace("-", "").replace(".", "").toUpperCase(Locale.ROOT);
    }
}
