package dev.callvault.local.chaos;

import dev.callvault.local.launcher.LocalStack;
import dev.callvault.local.launcher.OperatorEnvironment;
import dev.callvault.local.launcher.StackFile;
import dev.callvault.local.launcher.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command behind {@code deploy/ops/chaos}: starts a local stack of its own (every port free, state in a new
 * temporary folder, so a stack of {@code deploy/local/up} keeps running beside it), plays the chaos scenarios
 * ({@link ChaosRun}), prints the result table ({@link ResultTable}, totals last) and stops the stack.
 *
 * <p>Arguments: {@code [--scenarios broker,postgres,postgres-long,s3,kill,upload-crash] [--calls N]}. Exit status 0
 * when nothing
 * was lost or duplicated and every check passed, 1 otherwise, 2 on a usage error. Run from the checkout's root with
 * this module's runtime classpath (as the launcher).
 */
public final class ChaosCommand {

    private ChaosCommand() {
    }

    /**
     * @param args the options above
     */
    public static void main(String[] args) {
        List<ChaosRun.Scenario> scenarios = List.of(ChaosRun.Scenario.values());
        ChaosRun.Options defaults = ChaosRun.Options.defaults();
        int calls = defaults.calls();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--scenarios" -> scenarios = Arrays.stream(args[++i].split(",")).map(ChaosCommand::scenario)
                            .toList();
                    case "--calls" -> calls = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("usage: deploy/ops/chaos [--scenarios broker,postgres,postgres-long,s3,kill,upload-crash]"
                    + " [--calls N] ("
                    + e.getMessage() + ")");
            System.exit(2);
            return;
        }
        ChaosRun.Options options = new ChaosRun.Options(calls, defaults.brokerOutage(), defaults.postgresOutage(),
                defaults.postgresLongOutage(), defaults.s3Outage(), defaults.largeRecording(), defaults.recoveryTimeout());
        boolean passed;
        try {
            passed = run(scenarios, options);
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            passed = false;
        }
        System.exit(passed ? 0 : 1);
    }

    private static boolean run(List<ChaosRun.Scenario> scenarios, ChaosRun.Options options) {
        Path home;
        try {
            home = Files.createTempDirectory("callvault-chaos");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> variables = new HashMap<>(System.getenv());
        variables.putAll(StackSettings.onFreePorts(home));
        OperatorEnvironment environment = new OperatorEnvironment(variables);
        StackSettings settings = StackSettings.from(environment, Path.of("").toAbsolutePath(),
                System.getProperty("java.class.path"));
        List<ChaosRun.ScenarioResult> results;
        try (LocalStack stack = new LocalStack(settings, System.out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "chaos-stack-stop"));
            stack.up();
            Map<String, String> addresses = new StackFile(settings.home()).read().orElseThrow();
            results = new ChaosRun(stack, addresses, environment, System.out, options).run(scenarios);
        } finally {
            System.out.println("Logs of the run: " + settings.logs());
        }
        System.out.println();
        System.out.println(ResultTable.format(results));
        return results.stream().allMatch(ChaosRun.ScenarioResult::passed);
    }

    private static ChaosRun.Scenario scenario(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "broker" -> ChaosRun.Scenario.BROKER_RESTART;
            case "postgres" -> ChaosRun.Scenario.POSTGRES_RESTART;
            case "postgres-long" -> ChaosRun.Scenario.POSTGRES_LONG_OUTAGE;
            case "s3" -> ChaosRun.Scenario.S3_OUTAGE;
            case "kill" -> ChaosRun.Scenario.FETCH_WORKER_KILL;
            case "upload-crash" -> ChaosRun.Scenario.UPLOAD_CRASH;
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }
}
