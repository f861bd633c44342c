package dev.callvault.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine the figures were taken on: every results file states it, since only ratios and percentiles taken in
 * the same run compare across machines.
 *
 * @param host        host name
 * @param cores       available processors
 * @param memoryBytes total memory in bytes ({@code MemTotal} of {@code /proc/meminfo}), 0 if unknown
 * @param cpuModel    {@code model name} of {@code /proc/cpuinfo}, or {@code unknown}
 * @param os          operating system name, version and architecture
 * @param jdk         the JDK running the benchmark and the services ({@code java.vm.name} and {@code java.version})
 */
public record Machine(String host, int cores, long memoryBytes, String cpuModel, String os, String jdk) {

    /** @return the machine this JVM runs on */
    public static Machine current() {
        return new Machine(localHostName(), Runtime.getRuntime().availableProcessors(), totalMemory(), cpuModelName(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static long totalMemory() {
        return lines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L);
    }

    private static String cpuModelName() {
        return lines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return one Markdown line: cores, memory in GiB, CPU, OS, JDK */
    public String describe() {
        return String.format("%s: %d cores, %.1f GiB memory, %s, %s, %s", host, cores,
                memoryBytes / (1024.0 * 1024 * 1024), cpuModel, os, jdk);
    }
}
