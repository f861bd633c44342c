package dev.callvault.audit.database;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to start audit-service when its database role could change or remove audit rows (issue 14, item 17;
 * {@code docs/security.md}).
 *
 * <p>The append-only triggers of {@code V1__audit_log.sql} refuse {@code UPDATE}, {@code DELETE} and {@code TRUNCATE}
 * for every role, but the owner of a table may disable or drop its triggers ({@code ALTER TABLE ... DISABLE TRIGGER};
 * PostgreSQL documentation, "ALTER TABLE" and "Privileges"), and a superuser may do anything. So the service must
 * run as a role that is neither: it neither is nor inherits the tables' owner, and holds no {@code UPDATE},
 * {@code DELETE}, {@code TRUNCATE} or {@code TRIGGER} privilege on them. The migrations run as the owner
 * ({@code spring.flyway.user}) and grant it {@code SELECT} and {@code INSERT} ({@code V4__service_role.sql}).
 *
 * <p>Runs once every bean exists (so after the migrations) and before any listener container starts, in every
 * profile: the local stack and the tests run with the same split.
 */
@Component
class ServiceRoleCheck implements SmartInitializingSingleton {

    /** The append-only tables, in the service's schema. */
    static final List<String> APPEND_ONLY_TABLES = List.of("audit_event", "custody_event", "retention_run");

    private static final String PRIVILEGES = """
            SELECT c.relname AS table_name,
                   pg_has_role(current_user, c.relowner, 'USAGE') AS owns,
                   has_table_privilege(c.oid, 'UPDATE') AS may_update,
                   has_table_privilege(c.oid, 'DELETE') AS may_delete,
                   has_table_privilege(c.oid, 'TRUNCATE') AS may_truncate,
                   has_table_privilege(c.oid, 'TRIGGER') AS may_trigger
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY (?)
            ORDER BY c.relname""";

    private final JdbcTemplate jdbc;

    ServiceRoleCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(jdbc);
    }

    /**
     * Checks the role of {@code jdbc}'s connections against the append-only tables of their current schema.
     *
     * @param jdbc connections as the role to check, with the audit schema first on the search path
     * @throws IllegalStateException naming the role and what it could do, if it is a superuser, owns (or inherits
     *                               the owner of) an append-only table, may update, delete, truncate or add triggers
     *                               to one, or if a table is missing from the schema
     */
    static void check(JdbcTemplate jdbc) {
        String role = jdbc.queryForObject("SELECT current_user", String.class);
        List<String> problems = new ArrayList<>();
        if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
                Boolean.class))) {
            problems.add("is a superuser");
        }
        List<String> found = new ArrayList<>();
        jdbc.query(PRIVILEGES, row -> {
            String table = row.getString("table_name");
            found.add(table);
            if (row.getBoolean("owns")) {
                problems.add("owns " + table);
                return;
            }
            for (String privilege : List.of("update", "delete", "truncate", "trigger")) {
                if (row.getBoolean("may_" + privilege)) {
                    problems.add("may " + privilege.toUpperCase(java.util.Locale.ROOT) + " " + table);
                }
            }
        }, (Object) APPEND_ONLY_TABLES.toArray(String[]::new));
        APPEND_ONLY_TABLES.stream().filter(table -> !found.contains(table))
                .forEach(table -> problems.add("does not see table " + table + " in its schema"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("audit-service refuses to run as database role '" + role + "': it "
                    + String.join(", ", problems) + ". Run the migrations as the tables' owner (spring.flyway.user, "
                    + "spring.flyway.password) and the service as a role that may only SELECT and INSERT "
                    + "(spring.datasource.username); see docs/security.md, item 17");
        }
    }
}
