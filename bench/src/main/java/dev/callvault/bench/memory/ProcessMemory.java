package dev.callvault.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory figures of a running process, read the way Linux and the JDK report them.
 *
 * <ul>
 *   <li>Resident memory: {@code VmRSS} and its peak {@code VmHWM} from {@code /proc/<pid>/status} (proc(5)), in kB
 *       there, in bytes here. The peak counts from process start unless reset with {@link #resetPeak(long)} (writing
 *       {@code 5} to {@code /proc/<pid>/clear_refs}, Linux 4.0 and later, proc(5)).</li>
 *   <li>Java heap in use: the sum of the used columns {@code S0U S1U EU OU} of {@code jstat -gc} (KB there, bytes
 *       here), the JDK's jstat tool documentation.</li>
 * </ul>
 */
public final class ProcessMemory {

    private static final Pattern KB = Pattern.compile("^(Vm[A-Za-z]+):\\s+(\\d+)\\s+kB", Pattern.MULTILINE);
    private static final List<String> HEAP_USED_COLUMNS = List.of("S0U", "S1U", "EU", "OU");

    private ProcessMemory() {
    }

    /**
     * Resident memory of a process.
     *
     * @param rssBytes resident set size now ({@code VmRSS}), bytes
     * @param hwmBytes peak resident set size ({@code VmHWM}), bytes
     */
    public record Resident(long rssBytes, long hwmBytes) {
    }

    /**
     * @param pid a process id
     * @return its resident memory now, or empty if the process has gone
     */
    public static java.util.Optional<Resident> resident(long pid) {
        try {
            return java.util.Optional.of(parseStatus(Files.readString(Path.of("/proc", String.valueOf(pid),
                    "status"))));
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * @param status the text of {@code /proc/<pid>/status}
     * @return its {@code VmRSS} and {@code VmHWM}, in bytes
     * @throws IllegalArgumentException if either line is missing
     */
    static Resident parseStatus(String status) {
        long rss = -1;
        long hwm = -1;
        Matcher matcher = KB.matcher(status);
        while (matcher.find()) {
            long bytes = Long.parseLong(matcher.group(2)) * 1024;
            switch (matcher.group(1)) {
                case "VmRSS" -> rss = bytes;
                case "VmHWM" -> hwm = bytes;
                default -> {
                }
            }
        }
        if (rss < 0 || hwm < 0) {
            throw new IllegalArgumentException("no VmRSS and VmHWM lines");
        }
        return new Resident(rss, hwm);
    }

    /**
     * Resets the process's peak resident set size to its current one, so that {@code VmHWM} afterwards is the peak of
     * what follows.
     *
     * @param pid a process id
     * @return true if reset; false if the kernel or permissions do not allow it (the peak then counts from start)
     */
    public static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param header the header line of {@code jstat -gc}, e.g. {@code S0C S1C S0U S1U EC EU OC OU MC MU ...}
     * @param line   one of its value lines
     * @return the heap in use ({@code S0U + S1U + EU + OU}), bytes; empty for a line that is not a value line (a
     *         repeated header, a message)
     */
    static OptionalLong parseJstatHeapUsed(String header, String line) {
        List<String> names = Arrays.asList(header.trim().split("\\s+"));
        String[] values = line.trim().split("\\s+");
        if (values.length != names.size() || !HEAP_USED_COLUMNS.stream().allMatch(names::contains)) {
            return OptionalLong.empty();
        }
        double kilobytes = 0;
        try {
            for (String column : HEAP_USED_COLUMNS) {
                kilobytes += Double.parseDouble(values[names.indexOf(column)]);
            }
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) (kilobytes * 1024));
    }
}
