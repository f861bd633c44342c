package dev.callvault.local.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pid files of a running stack, {@code <home>/pids/<name>.pid}, so that {@code down} can stop a stack started in
 * another terminal. Each file holds the process id and, on a second line, the process's start instant (ISO-8601), so
 * that a recycled process id is never taken for one of ours.
 */
public final class PidFiles {

    /** Name of the launcher's own pid file (without {@code .pid}). */
    public static final String LAUNCHER = "launcher";

    private final Path folder;

    /**
     * @param folder the pid folder, created when a file is written
     */
    public PidFiles(Path folder) {
        this.folder = folder;
    }

    /**
     * Records a process.
     *
     * @param name process name, e.g. {@code kafka}
     * @param pid  its process id
     */
    public void write(String name, long pid) {
        String started = ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant())
                .map(Instant::toString).orElse("");
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".pid"), pid + "\n" + started + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file of " + name, e);
        }
    }

    /**
     * @param name a process name
     * @return the process recorded under that name, if its file exists and the same process still runs
     */
    public Optional<ProcessHandle> running(String name) {
        Path file = folder.resolve(name + ".pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String started = lines.size() > 1 ? lines.get(1).trim() : "";
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> started.isEmpty()
                || handle.info().startInstant().map(Instant::toString).map(started::equals).orElse(true));
    }

    /** @return the names of every pid file present, the launcher's excluded */
    public List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = new ArrayList<>();
            files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".pid"))
                    .map(name -> name.substring(0, name.length() - ".pid".length()))
                    .filter(name -> !name.equals(LAUNCHER)).sorted().forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes a pid file if it exists.
     *
     * @param name a process name
     */
    public void delete(String name) {
        try {
            Files.deleteIfExists(folder.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
