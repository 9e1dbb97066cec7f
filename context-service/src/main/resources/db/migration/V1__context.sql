-- context-service: customers, their identifiers on every channel, their contacts and each contact's timeline.

create table customer (
    id                 uuid primary key,
    preferred_language varchar(8),
    created_at         timestamptz not null
);

-- One row per identifier: (kind, value) is unique, so an identifier belongs to one customer at a time.
create table customer_identifier (
    kind        varchar(16)  not null,  -- phone (E.164), email (normalised), chat, crm
    value       varchar(320) not null,
    customer_id uuid         not null references customer (id) on delete cascade,
    created_at  timestamptz  not null,
    primary key (kind, value)
);
create index customer_identifier_customer on customer_identifier (customer_id);

create table contact (
    id                 uuid primary key,
    workspace          varchar(64)  not null,
    channel            varchar(8)   not null,
    gateway_contact_id varchar(200) not null,
    address            varchar(320) not null,
    customer_id        uuid         not null references customer (id) on delete cascade,
    language           varchar(8),
    subject            text,
    reason_code        varchar(100),
    status             varchar(16)  not null,
    status_at          timestamptz  not null,
    received_at        timestamptz  not null,
    agent_id           varchar(100),
    outcome            varchar(16),
    note               text,
    accepted_at        timestamptz,
    completed_at       timestamptz,
    -- A gateway's retry carries the same id: ingest is idempotent on it.
    constraint contact_gateway_id unique (workspace, channel, gateway_contact_id)
);
create index contact_customer_received on contact (customer_id, received_at desc);

create table contact_timeline (
    id          bigserial primary key,
    contact_id  uuid         not null references contact (id) on delete cascade,
    status      varchar(16)  not null,
    actor       varchar(100) not null,
    detail      text,
    occurred_at timestamptz  not null
);
create index contact_timeline_contact on contact_timeline (contact_id, occurred_at);
