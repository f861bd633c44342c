package dev.callvault.local.infra;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * A real S3-compatible server: S3Proxy ({@code org.gaul:s3proxy}, classifier {@code jar-with-dependencies}) as its own
 * Java process, with AWS SigV4 (and V2) authentication and the jclouds filesystem provider under a folder.
 *
 * <p>It runs in a separate process because its fat jar carries Jackson versions that clash with the services'. Its
 * output goes to {@code s3proxy.log} beside the data folder, or to the file given at start.
 *
 * <p>It can also stand for another S3-compatible store that accepts {@link #ACCESS_KEY} / {@link #SECRET_KEY} in
 * {@link #REGION} ({@link #external(String, AutoCloseable)}, the MinIO container of {@link ContainerServers}).
 */
public final class S3ProxyServer implements AutoCloseable {

    /** Access key of the local stack and tests. */
    public static final String ACCESS_KEY = "callvault-local";
    /** Secret key of the local stack and tests. */
    public static final String SECRET_KEY = "callvault-local-secret";
    /** Region S3Proxy answers for. */
    public static final String REGION = "us-east-1";

    /** The S3Proxy process, or {@code null} for an external store. */
    private final Process process;
    private final int port;
    private final Path log;
    private final String externalEndpoint;
    private final AutoCloseable externalStop;
    /** The HTTPS listener, or {@code null} when there is none. */
    private Tls tls;

    private S3ProxyServer(Process process, int port, Path log) {
        this(process, port, log, null, null);
    }

    private S3ProxyServer(Process process, int port, Path log, String externalEndpoint, AutoCloseable externalStop) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.externalEndpoint = externalEndpoint;
        this.externalStop = externalStop;
    }

    /**
     * Stands for an S3-compatible store that runs elsewhere and accepts {@link #ACCESS_KEY} / {@link #SECRET_KEY} with
     * AWS SigV4 in {@link #REGION}.
     *
     * @param endpoint its URL, {@code http://host:port}
     * @param stop     what {@link #close()} runs, for example stopping the store's container
     * @return the store
     */
    static S3ProxyServer external(String endpoint, AutoCloseable stop) {
        return new S3ProxyServer(null, -1, null, endpoint, stop);
    }

    /**
     * Starts S3Proxy and waits until it accepts connections (at most 60 seconds).
     *
     * @param jar     the {@code s3proxy-<version>-jar-with-dependencies.jar}
     * @param port    TCP port on 127.0.0.1, or 0 for a free one
     * @param workDir folder for the data ({@code <workDir>/data}), the properties and the log
     * @return the running server
     * @throws IllegalStateException if the jar is missing or the server does not come up
     */
    public static S3ProxyServer start(Path jar, int port, Path workDir) {
        return start(jar, port, workDir, workDir.resolve("s3proxy.log"));
    }

    /**
     * Starts S3Proxy on the filesystem with its output in a given file and waits until it accepts connections (at most
     * 60 seconds). Data already under {@code <workDir>/data} is kept.
     *
     * @param jar     the {@code s3proxy-<version>-jar-with-dependencies.jar}
     * @param port    TCP port on 127.0.0.1, or 0 for a free one
     * @param workDir folder for the data ({@code <workDir>/data}) and the properties
     * @param log     file receiving the server's output (replaced)
     * @return the running server
     * @throws IllegalStateException if the jar is missing or the server does not come up
     */
    public static S3ProxyServer start(Path jar, int port, Path workDir, Path log) {
        return start(jar, port, workDir, log, Storage.FILESYSTEM);
    }

    /**
     * Starts S3Proxy on the given storage with its output in a given file and waits until it accepts connections (at
     * most 60 seconds).
     *
     * @param jar     the {@code s3proxy-<version>-jar-with-dependencies.jar}
     * @param port    TCP port on 127.0.0.1, or 0 for a free one
     * @param workDir folder for the data ({@code <workDir>/data}, filesystem only) and the properties
     * @param log     file receiving the server's output (replaced)
     * @param storage where the objects live, and so whether server-side encryption headers are accepted
     * @return the running server
     * @throws IllegalStateException if the jar is missing or the server does not come up
     */
    public static S3ProxyServer start(Path jar, int port, Path workDir, Path log, Storage storage) {
        return launch(jar, port, workDir, log, storage, null);
    }

    /**
     * Starts S3Proxy in memory ({@link Storage#MEMORY}) with an HTTPS listener beside the HTTP one, for what S3 and
     * the MinIO client only allow over TLS (SSE-C, SSE-KMS). The certificate is self-signed for {@code 127.0.0.1}
     * (JDK {@code keytool}, RSA 2048, valid 2 days) and trusted only by {@link #secureClient()}.
     *
     * @param jar     the {@code s3proxy-<version>-jar-with-dependencies.jar}
     * @param workDir folder for the keystore, the properties and the log
     * @return the running server
     * @throws IllegalStateException if the jar is missing, the keystore cannot be made or the server does not come up
     */
    public static S3ProxyServer startWithTls(Path jar, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path keystore = workDir.resolve("s3proxy-tls.p12");
            Files.deleteIfExists(keystore);
            String password = java.util.UUID.randomUUID().toString();
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process generate = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "s3proxy", "-keyalg",
                    "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass",
                    password)).redirectErrorStream(true).redirectOutput(workDir.resolve("keytool.log").toFile())
                    .start();
            if (!generate.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || generate.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make " + keystore + "; see keytool.log");
            }
            return launch(jar, 0, workDir, workDir.resolve("s3proxy.log"), Storage.MEMORY,
                    new Tls(freePort(), keystore, password));
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy with TLS did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the TLS keystore", e);
        }
    }

    private static S3ProxyServer launch(Path jar, int port, Path workDir, Path log, Storage storage, Tls tls) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + " (the build copies it to target/infra/s3proxy.jar in process-test-resources)");
        }
        try {
            int actualPort = port > 0 ? port : freePort();
            Path data = Files.createDirectories(workDir.resolve("data"));
            Files.createDirectories(log.toAbsolutePath().getParent());
            Properties properties = new Properties();
            properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + actualPort);
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", ACCESS_KEY);
            properties.setProperty("s3proxy.credential", SECRET_KEY);
            properties.setProperty("jclouds.provider", storage.provider);
            if (tls != null) {
                properties.setProperty("s3proxy.secure-endpoint", "https://127.0.0.1:" + tls.port());
                properties.setProperty("s3proxy.keystore-path", tls.keystore().toAbsolutePath().toString());
                properties.setProperty("s3proxy.keystore-password", tls.password());
            }
            properties.setProperty("jclouds.filesystem.basedir", data.toAbsolutePath().toString());
            properties.setProperty("jclouds.identity", ACCESS_KEY);
            properties.setProperty("jclouds.credential", SECRET_KEY);
            Path propertiesFile = workDir.resolve("s3proxy.properties");
            try (var out = Files.newBufferedWriter(propertiesFile)) {
                properties.store(out, "S3Proxy for CallVault");
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, storage.maxHeap, "-jar", jar.toAbsolutePath().toString(),
                    "--properties", propertiesFile.toAbsolutePath().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(process, actualPort, log);
            server.tls = tls;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-stop"));
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy did not start", e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within " + timeout);
    }

    /**
     * @return the S3Proxy process id
     * @throws IllegalStateException for an external store, which is no process of this JVM
     */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("an external S3 store has no local process: " + externalEndpoint);
        }
        return process.pid();
    }

    /** @return the endpoint URL, {@code http://127.0.0.1:<port>} (an external store's own URL) */
    public String endpoint() {
        return process != null ? "http://127.0.0.1:" + port : externalEndpoint;
    }

    /**
     * @return the HTTPS endpoint, {@code https://127.0.0.1:<port>}
     * @throws IllegalStateException if the server was not started {@link #startWithTls with TLS}
     */
    public String secureEndpoint() {
        if (tls == null) {
            throw new IllegalStateException("this S3Proxy has no HTTPS listener; start it with startWithTls");
        }
        return "https://127.0.0.1:" + tls.port();
    }

    /**
     * @return a MinIO client with the server's credentials on its HTTPS endpoint, trusting its self-signed
     *         certificate (and nothing else)
     * @throws IllegalStateException if the server was not started {@link #startWithTls with TLS}
     */
    public MinioClient secureClient() {
        String endpoint = secureEndpoint();
        try (var in = Files.newInputStream(tls.keystore())) {
            java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
            keyStore.load(in, tls.password().toCharArray());
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore);
            javax.net.ssl.X509TrustManager manager = (javax.net.ssl.X509TrustManager) trust.getTrustManagers()[0];
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {manager}, null);
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder()
                    .sslSocketFactory(context.getSocketFactory(), manager).build();
            return MinioClient.builder().endpoint(endpoint).credentials(ACCESS_KEY, SECRET_KEY).region(REGION)
                    .httpClient(http, true).build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust S3Proxy's certificate at " + tls.keystore(), e);
        }
    }

    /** @return a MinIO client with the server's credentials */
    public MinioClient client() {
        return MinioClient.builder().endpoint(endpoint()).credentials(ACCESS_KEY, SECRET_KEY).region(REGION).build();
    }

    /**
     * Creates a bucket unless it exists.
     *
     * @param bucket a valid S3 bucket name
     * @throws IllegalStateException if S3Proxy refuses
     */
    public void createBucket(String bucket) {
        MinioClient client = client();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bucket " + bucket, e);
        }
    }

    /** An HTTPS listener: its port and the PKCS12 keystore (and password) of its self-signed certificate. */
    private record Tls(int port, Path keystore, String password) {
    }

    /**
     * Where S3Proxy 4.1 keeps objects. Checked with the AWS CLI against S3Proxy 4.1.0: its {@code filesystem} provider
     * answers {@code 501 NotImplemented} ("Server-side encryption is not supported.") to any
     * {@code x-amz-server-side-encryption*} header, while {@code transient-nio2} accepts SSE-S3, SSE-KMS and SSE-C,
     * echoes them in {@code PutObject}/{@code HeadObject} responses, and refuses to read an SSE-C object without its
     * key ({@code 400 InvalidRequest}) or with another key ({@code 400 InvalidArgument}).
     */
    public enum Storage {
        /** Files under {@code <workDir>/data}, kept across restarts; refuses server-side encryption headers. */
        FILESYSTEM("filesystem", "-Xmx256m"),
        /**
         * In the S3Proxy process's memory, lost when it stops; supports SSE-S3, SSE-KMS and SSE-C. The heap holds every
         * object of the test JVM, the system tests' 200 MB recording and its multipart parts among them.
         */
        MEMORY("transient-nio2", "-Xmx2g");

        private final String provider;
        private final String maxHeap;

        Storage(String provider, String maxHeap) {
            this.provider = provider;
            this.maxHeap = maxHeap;
        }
    }

    @Override
    public void close() {
        if (process == null) {
            try {
                externalStop.close();
            } catch (Exception e) {
                throw new IllegalStateException("the external S3 store did not stop", e);
            }
            return;
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }
}
