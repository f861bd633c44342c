package dev.callvault.system;

import dev.callvault.local.launcher.LocalService;
import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.StackFile;
import dev.callvault.local.launcher.StackSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole local stacks as the launcher of {@code deploy/local/up} runs them, for the system tests: settings on free ports,
 * and one shared stack per test JVM (starting a stack takes one to two minutes on 2 cores).
 */
final class LauncherStacks {

    /** A Twilio recording the simulator of the shared stack lists although no status callback announced it. */
    static final String MISSED_RECORDING_SID = "RE" + "5eed".repeat(8);
    /** An ElevenLabs conversation the simulator of the shared stack lists although no webhook announced it. */
    static final String MISSED_CONVERSATION_ID = "conv_missed_webhook_" + Long.toHexString(System.nanoTime());

    private static Shared shared;

    private LauncherStacks() {
    }

    /**
     * A running stack, its addresses (as {@code stack.properties} lists them) and the operator's environment it was
     * started with.
     *
     * @param stack       the launcher's handle, to stop, kill and restart parts
     * @param addresses   {@code <service>.url}, {@code simulator.url}, {@code kafka.bootstrap-servers}, ...
     * @param environment the variables every process of the stack inherits
     */
    record Shared(LocalStack stack, Map<String, String> addresses, OperatorEnvironment environment) {
    }

    /**
     * The JVM's shared stack, started on first call on free ports with its state in a new folder under
     * {@code target/}, stopped when the JVM exits. Its simulator lists {@link #MISSED_RECORDING_SID} and
     * {@link #MISSED_CONVERSATION_ID}, recordings whose webhooks never came, and storage-service reconciles every 5
     * seconds instead of every 5 minutes. Test classes that use it keep apart through their own recording ids; a test
     * that breaks a part of it (the chaos scenarios) leaves it recovered.
     *
     * @return the shared stack
     * @throws IOException if the state folder cannot be created
     */
    static synchronized Shared shared() throws IOException {
        if (shared == null) {
            Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "launcher-stack-");
            Map<String, String> variables = new LinkedHashMap<>(StackSettings.onFreePorts(home));
            variables.put("CALLVAULT_SIMULATOR_MISSED_TWILIO_RECORDINGS", MISSED_RECORDING_SID);
            variables.put("CALLVAULT_SIMULATOR_MISSED_ELEVENLABS_CONVERSATIONS", MISSED_CONVERSATION_ID);
            variables.put("CALLVAULT_RECONCILIATION_INTERVAL", "PT5S");
            // media-worker would decode every recording of every test (the replay tests store thousands): its own
            // system test starts it beside this stack
            variables.put("CALLVAULT_LOCAL_SKIP", LocalService.MEDIA_WORKER.module());
            StackSettings settings = from(variables);
            LocalStack stack = new LocalStack(settings, System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "launcher-stack-stop"));
            stack.up();
            shared = new Shared(stack, new StackFile(settings.home()).read().orElseThrow(), settings.environment());
        }
        return shared;
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
