package dev.callvault.system;

import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.StackSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Settings of a whole local stack as the launcher of {@code deploy/local/up} runs it, for the system tests. */
final class LauncherStacks {

    private LauncherStacks() {
    }

    /**
     * @param home a temporary state folder
     * @return settings with every port free and the state in {@code home}; {@code environment()} holds the variables
     */
    static StackSettings onFreePorts(Path home) {
        return from(StackSettings.onFreePorts(home));
    }

    /**
     * @param variables the operator's environment of the stack, e.g. {@link StackSettings#onFreePorts(Path)} plus
     *                  variables every process of the stack inherits
     * @return settings from those variables; {@code environment()} holds them
     */
    static StackSettings from(Map<String, String> variables) {
        return StackSettings.from(new OperatorEnvironment(variables), Path.of(".."), launcherClasspath());
    }

    /** The launcher's runtime classpath, as deploy/local's build wrote it. */
    private static String launcherClasspath() {
        String classes = System.getProperty("callvault.local.classpath");
        try {
            String dependencies = Files.readString(Path.of(System.getProperty("callvault.local.classpath-file")))
                    .trim();
            return classes + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("build deploy/local first: its classpath file is missing", e);
        }
    }
}
