package dev.callvault.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} ({@value #BINARY}), headless, showing one page, with a fresh profile folder that is deleted
 * on {@link #close()}. Flags as checked in the design's DEPENDENCIES.md ("A real browser in tests"): no sandbox (the
 * tests may run as root), no GPU, no QUIC, no background traffic, media may autoplay without a user gesture; the
 * disk cache is too small to hold a response, so every byte the page plays comes from the server. Its output goes to
 * {@code chromium.log} in the service log folder (ALSA and D-Bus complaints there are noise: there is no sound device
 * and no session bus).
 */
final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's {@code chromium} package installs the browser. */
    static final String BINARY = "/usr/bin/chromium";

    private final Process process;
    private final Path profile;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** @return whether {@value #BINARY} exists and is executable */
    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * Starts the browser on a page.
     *
     * @param page    the page to open
     * @param workDir the folder under which the profile folder is created
     * @param logDir  the folder of {@code chromium.log} (appended to)
     * @return the running browser
     * @throws UncheckedIOException if the profile folder cannot be created or the process not started
     */
    static HeadlessChromium open(URI page, Path workDir, Path logDir) {
        try {
            Path profile = Files.createDirectories(workDir.resolve("chromium-" + UUID.randomUUID()));
            Files.createDirectories(logDir);
            List<String> command = List.of(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--disk-cache-size=1",
                    "--user-data-dir=" + profile.toAbsolutePath(), page.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("chromium.log").toFile()))
                    .start();
            return new HeadlessChromium(process, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the browser and its child processes (renderer, GPU, zygote), then deletes the profile folder. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> paths = Files.walk(profile)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + profile, e);
        }
    }
}
