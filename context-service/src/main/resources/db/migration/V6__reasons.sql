-- context-service: each workspace's contact-reason taxonomy, managed over REST (/api/reasons).
-- A workspace that never edited its taxonomy has no rows here and uses the defaults of
-- io.relais.contracts.ReasonTaxonomy; its first edit copies those defaults in, then applies the change.

create table reason_taxonomy (
    workspace   varchar(64)  primary key,
    version     bigint       not null,   -- +1 per change; the ReasonTaxonomyChanged snapshot carries it
    updated_at  timestamptz  not null,
    updated_by  varchar(200) not null
);

create table reason_code (
    id          uuid         primary key,
    workspace   varchar(64)  not null references reason_taxonomy (workspace),
    code        varchar(100) not null,   -- dotted: the parent of cards.lost is cards
    label_fr    varchar(200) not null,
    label_en    varchar(200) not null,
    active      boolean      not null,   -- retired codes stay for history and reports
    updated_at  timestamptz  not null,
    updated_by  varchar(200) not null,
    constraint reason_code_workspace_code unique (workspace, code)
);
