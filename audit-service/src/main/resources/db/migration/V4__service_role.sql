-- Least privilege (issue 14, item 17): these migrations run as the owner of the schema and its tables
-- (spring.flyway.user); audit-service runs as its own role (spring.datasource.username, the placeholder), which may
-- read and append and nothing else. A role that owned the tables could ALTER TABLE ... DISABLE TRIGGER and then
-- delete rows; this one cannot alter, update, delete or truncate (PostgreSQL documentation, "Privileges": only the
-- owner may ALTER or DROP a table or its triggers).
-- The role must exist before this runs: it is created with the database (deploy/k8s/README.md, "Database roles";
-- docker-compose.yml's postgres-init; the local stack's PostgresServer).
-- A later migration that adds a table grants it explicitly, as here; flyway_schema_history is deliberately not
-- granted.
GRANT USAGE ON SCHEMA audit TO "${service_role}";
GRANT SELECT, INSERT ON audit_event, custody_event, retention_run TO "${service_role}";
