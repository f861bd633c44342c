package dev.callvault.local.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings of a local stack for tests: every port free and random, state in a temporary folder. */
final class TestStacks {

    private TestStacks() {
    }

    /**
     * @param home     the state folder
     * @param operator variables the operator would have exported
     * @return the settings
     */
    static StackSettings settings(Path home, Map<String, String> operator) {
        Map<String, String> environment = new HashMap<>(operator);
        environment.put("CALLVAULT_LOCAL_HOME", home.toString());
        for (String variable : new String[] {"KAFKA", "KAFKA_CONTROLLER", "POSTGRES", "S3", "SIMULATOR"}) {
            environment.put("CALLVAULT_LOCAL_" + variable + "_PORT", "0");
        }
        for (LocalService service : LocalService.values()) {
            environment.put(service.portVariable(), "0");
        }
        return StackSettings.from(new OperatorEnvironment(environment), Path.of("../.."), classpath());
    }

    /** @return this module's runtime classpath, as the build wrote it (surefire's own classpath has test jars) */
    private static String classpath() {
        try {
            String dependencies = Files.readString(Path.of(System.getProperty("callvault.local.classpath-file",
                    "target/classpath.txt"))).trim();
            return System.getProperty("callvault.local.classpath", "target/classes") + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("the build writes target/classpath.txt in generate-resources", e);
        }
    }
}
