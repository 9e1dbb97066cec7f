-- routing-service: each workspace's reason taxonomy as context-service last published it (ReasonTaxonomyChanged on
-- relais.reasons), to refuse completions with an unknown or retired reason code without calling context-service.
-- A workspace with no row uses the defaults of io.relais.contracts.ReasonTaxonomy, as context-service does.

create table reason_taxonomy (
    workspace    varchar(64) primary key,
    version      bigint      not null,  -- a snapshot replaces this one only if its version is higher
    reasons      text        not null,  -- JSON array of ReasonDefinition, retired codes included
    received_at  timestamptz not null
);
