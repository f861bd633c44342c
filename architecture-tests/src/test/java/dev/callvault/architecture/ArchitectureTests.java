package dev.callvault.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.callvault.events.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The module rules of CallVault ({@code docs/architecture.md}, "Modules"), checked with ArchUnit over the production
 * classes of {@code schemas}, {@code platform} and the five services (their jars on this module's test class path;
 * test classes are not imported).
 *
 * <ul>
 *   <li>No service depends on another service's code: services meet only through topics and HTTP.</li>
 *   <li>{@code schemas} ({@code dev.callvault.events}) and {@code platform} depend on no service, nor on the local
 *       stack or the benchmark; {@code schemas} does not depend on {@code platform}.</li>
 *   <li>No package cycles inside a module: each package of a module, its root package included, is a slice.</li>
 *   <li>Provider packages (a package named after a {@link Provider}, e.g. {@code dev.callvault.ingest.twilio} or
 *       {@code dev.callvault.fetch.providers.twilio}) never reach another provider's package; what they share lives
 *       outside them.</li>
 * </ul>
 */
class ArchitectureTests {

    /** The services' root packages under {@code dev.callvault}; the dashboard's BFF is a service like the others. */
    private static final List<String> SERVICES = List.of("ingest", "fetch", "storage", "playback", "audit",
            "media", "dashboard");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.callvault");

    @Test
    void shouldImportEveryModule() {
        // the rules below pass vacuously over an empty import, so first: every module's classes are there
        for (String module : List.of("events", "platform", "ingest", "fetch", "storage", "playback", "audit",
                "media", "dashboard")) {
            org.assertj.core.api.Assertions.assertThat(CLASSES.stream()
                    .filter(javaClass -> javaClass.getPackageName().startsWith("dev.callvault." + module)))
                    .as(module).isNotEmpty();
        }
    }

    @Test
    void shouldKeepEveryServiceOutOfEveryOtherServicesCode() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(other -> !other.equals(service))
                    .map(other -> "dev.callvault." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.callvault." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("services meet only through Kafka topics and HTTP")
                    .check(CLASSES);
        }
    }

    @Test
    void shouldKeepSchemasAndPlatformFreeOfServicesAndTools() {
        String[] applications = java.util.stream.Stream.concat(SERVICES.stream(), java.util.stream.Stream.of(
                "local", "bench")).map(name -> "dev.callvault." + name + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("dev.callvault.events..", "dev.callvault.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(applications)
                .because("schemas and platform are shared by every service")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.callvault.events..")
                .should().dependOnClassesThat().resideInAPackage("dev.callvault.platform..")
                .because("schemas is the contract; platform builds on it")
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoPackageCyclesInsideAModule() {
        slices().assignedFrom(new PackagesOfModules()).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void shouldKeepProviderPackagesFromReachingEachOther() {
        List<String> providers = providerPackageNames();
        for (String provider : providers) {
            noClasses().that(inProviderPackage(List.of(provider)))
                    .should().dependOnClassesThat(inProviderPackage(providers.stream()
                            .filter(other -> !other.equals(provider)).toList()))
                    .because("a provider is one folder; what providers share is behind interfaces outside them")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    /** @return the lower-case names of the providers recordings come from ({@link Provider}, uploads aside) */
    private static List<String> providerPackageNames() {
        return Arrays.stream(Provider.values()).filter(p -> p != Provider.UPLOAD && p != Provider.OTHER)
                .map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Classes in a package named after one of the given providers, anywhere below a module's root package
     * ({@code dev.callvault.ingest.twilio}, {@code dev.callvault.fetch.providers.twilio}), or below it.
     */
    private static DescribedPredicate<JavaClass> inProviderPackage(List<String> providers) {
        return DescribedPredicate.describe("in a package of " + providers, javaClass -> {
            String[] segments = javaClass.getPackageName().split("\\.");
            return Arrays.stream(segments).skip(3).anyMatch(providers::contains);
        });
    }

    /**
     * One slice per package of a module: {@code dev.callvault.<module>} (the root package) and each
     * {@code dev.callvault.<module>.<feature>} with everything below it.
     */
    private static final class PackagesOfModules implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String[] segments = javaClass.getPackageName().split("\\.");
            if (segments.length < 3 || !segments[0].equals("dev") || !segments[1].equals("callvault")) {
                return SliceIdentifier.ignore();
            }
            return segments.length == 3 ? SliceIdentifier.of(segments[2])
                    : SliceIdentifier.of(segments[2] + "." + segments[3]);
        }

        @Override
        public String getDescription() {
            return "packages of the modules (root package and each feature package)";
        }
    }
}
