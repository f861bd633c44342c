package dev.callvault.bench.playback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JDK Flight Recorder recording of a running service, taken with {@code jcmd <pid> JFR.start} /
 * {@code JFR.stop} during one load level, then summarised with {@code jfr view hot-methods} (JDK 21+, the JDK's
 * "jfr" tool documentation): the methods most often on the sampled stacks, i.e. where the service spends its CPU.
 */
final class FlightRecording {

    private final long pid;
    private final Path file;
    private final String name;

    private FlightRecording(long pid, Path file, String name) {
        this.pid = pid;
        this.file = file;
        this.name = name;
    }

    /**
     * Starts a recording with the JDK's {@code profile} settings (execution samples every 10 ms).
     *
     * @param pid  the service's JVM
     * @param file where the recording is written on stop
     * @return the running recording
     * @throws IOException if {@code jcmd} fails
     */
    static FlightRecording start(long pid, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String name = "bench-" + System.nanoTime();
        jdkTool("jcmd", String.valueOf(pid), "JFR.start", "name=" + name, "settings=profile");
        return new FlightRecording(pid, file, name);
    }

    /**
     * Stops the recording, writes it, and writes its hot methods beside it ({@code <file>.hot-methods.txt}).
     *
     * @return the hot-methods text
     * @throws IOException if {@code jcmd} or {@code jfr} fails
     */
    String stop() throws IOException {
        jdkTool("jcmd", String.valueOf(pid), "JFR.stop", "name=" + name, "filename=" + file);
        String hot = jdkTool("jfr", "view", "--width", "160", "hot-methods", file.toString());
        Files.writeString(file.resolveSibling(file.getFileName() + ".hot-methods.txt"), hot);
        return hot;
    }

    private static String jdkTool(String tool, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(tool + " " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }
}
