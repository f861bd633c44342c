package dev.callvault.local.launcher;

import dev.callvault.local.demo.Demo;
import dev.callvault.local.testing.DevJwts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The commands behind {@code deploy/local/up}, {@code down}, {@code demo} and {@code token}. Run from the checkout's
 * root with this module's runtime classpath; every setting comes from the environment ({@link StackSettings},
 * {@link OperatorEnvironment}).
 *
 * <ul>
 *   <li>{@code up}: starts the stack ({@link LocalStack#up()}) and keeps it running until SIGTERM or Ctrl-C.</li>
 *   <li>{@code down}: stops a stack started elsewhere, from its pid files.</li>
 *   <li>{@code demo}: {@link Demo} against the running stack.</li>
 *   <li>{@code token [tenant] [scope ...]}: prints a dev JWT (default tenant {@code demo}, scope
 *       {@code recordings:read}), valid one hour.</li>
 * </ul>
 * Exit status 0 on success, 1 on failure, 2 on a usage error.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
            return;
        }
        OperatorEnvironment environment = OperatorEnvironment.current();
        StackSettings settings = StackSettings.from(environment, Path.of("").toAbsolutePath(),
                System.getProperty("java.class.path"));
        try {
            switch (args[0]) {
                case "up" -> up(settings);
                case "down" -> {
                    if (!LocalStack.down(settings, System.out)) {
                        System.out.println("No local stack was running (no live process in " + settings.pids() + ").");
                    } else {
                        System.out.println("Stopped. State is kept in " + settings.home() + ".");
                    }
                }
                case "demo" -> new Demo(new StackFile(settings.home()).read().orElseThrow(() ->
                        new IllegalStateException("no running stack: " + new StackFile(settings.home()).path()
                                + " is missing; start deploy/local/up first")), environment, System.out).run();
                case "token" -> System.out.println(token(environment, Arrays.copyOfRange(args, 1, args.length)));
                default -> usage();
            }
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up(StackSettings settings) {
        PidFiles pids = new PidFiles(settings.pids());
        pids.running(PidFiles.LAUNCHER).ifPresent(running -> {
            throw new IllegalStateException("a local stack is already running (launcher pid " + running.pid()
                    + "); stop it with deploy/local/down");
        });
        LocalStack stack = new LocalStack(settings, System.out);
        Thread stopper = new Thread(() -> {
            System.out.println("Stopping CallVault...");
            stack.close();
            System.out.println("Stopped. State is kept in " + settings.home() + ".");
        }, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            stack.up();
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
        Set<String> reported = new HashSet<>();
        while (true) {
            stack.reportExited(reported);
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String token(OperatorEnvironment environment, String[] args) {
        String tenant = args.length > 0 ? args[0] : LocalDefaults.TENANT;
        String[] scopes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"recordings:read"};
        return DevJwts.issue(environment.property("callvault.security.jwt.hmac-secret", LocalDefaults.JWT_SECRET),
                "local-dev", tenant, scopes);
    }

    private static void usage() {
        System.err.println("usage: up | down | demo | token [tenant] [scope ...]");
        System.exit(2);
    }
}
