-- relais-platform: an outbox row with a null payload is a tombstone (a Kafka record with a null value, which deletes
-- its key from a compacted topic). Numbered before the services' own migrations; a database that already ran V1+
-- applies it out of order (quarkus.flyway.out-of-order=true in relais-platform's microprofile-config.properties).
alter table outbox_event alter column payload drop not null;
