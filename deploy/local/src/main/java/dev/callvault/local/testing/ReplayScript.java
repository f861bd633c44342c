package dev.callvault.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deploy/ops/replay} as an operator would (see {@code deploy/ops/README.md}): a consumer group's offsets
 * reset with Kafka's own {@code ConsumerGroupCommand}. The script's Kafka tools classpath is cached under
 * {@code <localHome>/ops}; its first run resolves it with the Maven wrapper.
 */
public final class ReplayScript {

    /** The script's exit status when the group still has running consumers. */
    public static final int GROUP_ACTIVE = 3;

    private ReplayScript() {
    }

    /**
     * What a run printed and how it ended.
     *
     * @param status the exit status (0 done or planned, 1 the tool failed, 2 usage error, {@link #GROUP_ACTIVE})
     * @param output standard output and error, interleaved
     */
    public record Run(int status, String output) {
    }

    /**
     * Runs the script with this JVM's JDK as {@code JAVA_HOME}.
     *
     * @param repositoryRoot the CallVault checkout (its {@code deploy/ops/replay} runs, from the root)
     * @param localHome      {@code CALLVAULT_LOCAL_HOME} of the run: where the tools classpath is cached and the
     *                       output file is written
     * @param timeout        longest wait; the script is killed after it
     * @param args           the script's arguments, e.g. {@code --group fetch-worker --from-start --execute}
     * @return the run
     * @throws IllegalStateException if it did not finish in time
     * @throws UncheckedIOException  if it cannot be started or its output read
     */
    public static Run run(Path repositoryRoot, Path localHome, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", repositoryRoot.resolve("deploy/ops/replay").toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(localHome);
            Path output = Files.createTempFile(localHome, "replay-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
            builder.environment().put("CALLVAULT_LOCAL_HOME", localHome.toAbsolutePath().toString());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("deploy/ops/replay did not finish within " + timeout + ": "
                        + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run deploy/ops/replay", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running deploy/ops/replay", e);
        }
    }
}
