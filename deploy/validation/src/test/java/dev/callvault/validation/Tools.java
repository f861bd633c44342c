package dev.callvault.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line validators (docker-compose, promtool, kubectl) as processes. */
final class Tools {

    private Tools() {
    }

    /**
     * A finished command.
     *
     * @param exitCode its exit code
     * @param output   standard output and error, interleaved
     */
    record Result(int exitCode, String output) {
    }

    /**
     * @param command a program name
     * @return whether it is an executable file in a folder of {@code PATH}
     */
    static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(folder -> Path.of(folder, command)).anyMatch(Files::isExecutable);
    }

    /**
     * Runs a command in the repository's root and waits for it.
     *
     * @param command the program and its arguments
     * @param timeout longest wait
     * @param unit    unit of {@code timeout}
     * @return its exit code and output
     * @throws IllegalStateException if it does not finish in time (it is killed)
     * @throws UncheckedIOException  if it cannot be started
     */
    static Result run(List<String> command, long timeout, TimeUnit unit) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).directory(Repository.root().toFile())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout, unit)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeout + " " + unit);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }
}
