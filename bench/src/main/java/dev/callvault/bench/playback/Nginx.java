package dev.callvault.bench.playback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * nginx serving files from a folder on a free loopback port: the reference for what loopback and the disk allow
 * ({@code sendfile on}, no access log, keep-alive without a request limit). {@code tcp_nopush} (TCP_CORK) stays off:
 * with it, a 64 KiB range from an offset that is not page-aligned ended with a short segment held until the client's
 * delayed ACK, about 40 ms per request on loopback (26 requests/s for one client instead of about 9,000). Started as a daemon with a generated
 * configuration ({@code nginx -c <conf> -p <dir>}), stopped with {@code nginx -s quit}. nginx answers {@code Range}
 * requests of static files itself (its {@code ngx_http_range_filter_module}).
 */
public final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Path dir;
    private final Path conf;
    private final int port;
    private final String version;

    private Nginx(Path dir, Path conf, int port, String version) {
        this.dir = dir;
        this.conf = conf;
        this.port = port;
        this.version = version;
    }

    /**
     * Starts nginx and waits until it accepts connections.
     *
     * @param dir  its prefix folder: {@code nginx.conf}, logs, pid and temporary folders are written there
     * @param root the folder it serves
     * @return the running nginx
     * @throws IOException if nginx is not installed, does not start, or does not listen within 10 seconds
     */
    public static Nginx start(Path dir, Path root) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, configuration(dir, root, port, isRoot()));
        String version = run(List.of(binary(), "-v")).strip();
        run(List.of(binary(), "-e", dir.resolve("error.log").toString(), "-c", conf.toString(), "-p",
                dir.toString()));
        Nginx nginx = new Nginx(dir, conf, port, version.replace("nginx version: ", ""));
        Instant deadline = Instant.now().plusSeconds(10);
        while (!nginx.listening()) {
            if (Instant.now().isAfter(deadline)) {
                nginx.close();
                throw new IOException("nginx does not listen on port " + port + " (see " + dir + "/error.log)");
            }
            sleep(Duration.ofMillis(100));
        }
        return nginx;
    }

    /**
     * The configuration: 2 worker processes (one per core of the machines the figures come from), {@code sendfile},
     * {@code tcp_nodelay}, no access log, unlimited keep-alive requests, MP3 as {@code audio/mpeg}.
     *
     * @param dir    prefix folder (pid, error log, temporary folders)
     * @param root   the folder served
     * @param port   loopback port
     * @param asRoot true when started by root: the workers then run as root too, so they can read {@code root}
     * @return the text of {@code nginx.conf}
     */
    static String configuration(Path dir, Path root, int port, boolean asRoot) {
        String tmp = dir.resolve("tmp").toString();
        return (asRoot ? "user root;\n" : "") + """
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 2048; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush off;
                    tcp_nodelay on;
                    keepalive_requests 1000000;
                    keepalive_timeout 120s;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    types { audio/mpeg mp3; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%3$d;
                        root %4$s;
                    }
                }
                """.formatted(dir, tmp, port, root);
    }

    /**
     * @param name a file name in the served folder
     * @return its URL
     */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/" + name;
    }

    /** @return nginx's version, e.g. {@code nginx/1.22.1} */
    public String version() {
        return version;
    }

    /** Stops nginx gracefully ({@code nginx -s quit}) and waits up to 10 seconds for its port to close. */
    @Override
    public void close() {
        try {
            run(List.of(binary(), "-e", dir.resolve("error.log").toString(), "-c", conf.toString(), "-p",
                    dir.toString(), "-s", "quit"));
            Instant deadline = Instant.now().plusSeconds(10);
            while (listening() && Instant.now().isBefore(deadline)) {
                sleep(Duration.ofMillis(100));
            }
        } catch (IOException e) {
            System.err.println("nginx did not stop: " + e.getMessage());
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        return Files.isExecutable(BINARY) ? BINARY.toString() : "nginx";
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
