-- Spring Modulith's event publication registry (JDBC, schema version 2: spring-modulith-events-jdbc 2.1.1,
-- org/springframework/modulith/events/jdbc/schemas/v2/schema-postgresql.sql), created by Flyway rather than by
-- Modulith's own initialization. An upload writes its catalog entry and the publication of its RecordingStored in
-- one transaction; the publication is deleted once the broker acknowledged the event, and one left behind by a crash
-- or a broker outage is resubmitted (UploadAnnouncements). Issue 14, item 12.
CREATE TABLE event_publication
(
    id                     uuid                     NOT NULL,
    listener_id            text                     NOT NULL,
    event_type             text                     NOT NULL,
    serialized_event       text                     NOT NULL,
    publication_date       timestamp with time zone NOT NULL,
    completion_date        timestamp with time zone,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamp with time zone,
    PRIMARY KEY (id)
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
